import {
  evidenceCompleteness,
  evidenceHash,
  evidenceIssues,
  type EvidencePacket,
  invariantCategories,
  toManifest,
} from '../../node.js';
import type { Command } from '../command.js';
import { CliFileError, UsageError } from '../errors.js';
import { readJson, readPackage, writeJson } from '../files.js';
import { listOption, requiredOption, stringOption } from '../options.js';
import { exitCode, table } from '../output.js';

type Invariant = EvidencePacket['invariants'][number];
type Approval = EvidencePacket['approvals'][number];

export const evidence: Command = {
  name: 'evidence',
  usage: [
    'evidence --evidence <file> [--package <file>] [--invariant <category>:<name>]… [--approval <who>[:<role>[:<ref>]]]…',
  ],
  description: [
    'Adds what only people can say to an evidence packet (the skeleton `init --evidence-out` wrote): the invariant',
    `checklist (--invariant, category one of ${invariantCategories.join(', ')}) and the sign-offs the release`,
    'collected (--approval). An entry already in the packet is not added twice. Then prints what the packet still',
    'lacks (with --package, checked against that manifest too). The simulation part comes from `simulate --record`;',
    'seal the complete packet with `hash --seal`.',
    'Exit: 0 the packet is complete, 1 parts are still missing (named), 2 an error (a malformed entry or file).',
  ].join('\n'),
  options: {
    evidence: { type: 'string', value: '<file>', description: 'The evidence packet to complete (written in place).' },
    package: { type: 'string', value: '<file>', description: 'The release package it describes (checked against).' },
    invariant: {
      type: 'string',
      multiple: true,
      value: '<category>:<name>',
      description: 'An invariant the release keeps, e.g. "permissions:the Safe owns every ProxyAdmin".',
    },
    approval: {
      type: 'string',
      multiple: true,
      value: '<who>[:<role>[:<ref>]]',
      description: 'A sign-off, e.g. "alice:security review:SEC-7".',
    },
  },
  async run(context) {
    const { values, out, command } = context;
    const path = requiredOption(values, command, 'evidence', 'the evidence packet file');
    const invariants = listOption(values, 'invariant').map(parseInvariant);
    const approvals = listOption(values, 'approval').map(parseApproval);
    const packagePath = stringOption(values, 'package');
    const manifest = packagePath ? toManifest(await readPackage(packagePath)) : undefined;
    const read = await readJson(path, 'evidence packet');
    if (typeof read !== 'object' || read === null || Array.isArray(read)) {
      throw new CliFileError(path, 'is not a JSON object', 'Write the skeleton with `init --evidence-out`.');
    }
    const packet = read as Record<string, unknown>;
    const added = {
      invariants: addNew(packet, 'invariants', invariants),
      approvals: addNew(packet, 'approvals', approvals),
    };
    const issues = evidenceIssues(packet);
    if (issues.length > 0) {
      throw new CliFileError(
        path,
        `is not a valid evidence packet: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
        'Fix those entries (nothing was written).',
      );
    }
    if (added.invariants + added.approvals > 0) await writeJson(path, packet);
    const gaps = evidenceCompleteness(packet, manifest ? { manifest } : {});
    const complete = gaps.length === 0;
    out.result(
      {
        evidence: path,
        added,
        complete,
        gaps,
        evidenceHash: evidenceHash(packet as EvidencePacket),
      },
      [
        `${complete ? '✓' : '…'} ${path}: added ${added.invariants} invariant(s) and ${added.approvals} approval(s)`,
        complete
          ? `  complete: seal it with \`manifest-guard hash --package ${packagePath ?? '<package file>'} --evidence ${path} --seal\``
          : table(gaps.map((gap) => [`  still missing: ${gap.part}`, gap.message])),
      ].join('\n'),
    );
    return complete ? exitCode.ok : exitCode.hold;
  },
};

/** Appends the entries the packet's list does not hold yet (compared as JSON); returns how many were added. */
function addNew(packet: Record<string, unknown>, key: 'invariants' | 'approvals', entries: object[]): number {
  const list = Array.isArray(packet[key]) ? (packet[key] as unknown[]) : [];
  const seen = new Set(list.map((entry) => JSON.stringify(entry)));
  let count = 0;
  for (const entry of entries) {
    if (seen.has(JSON.stringify(entry))) continue;
    seen.add(JSON.stringify(entry));
    list.push(entry);
    count += 1;
  }
  packet[key] = list;
  return count;
}

function parseInvariant(text: string): Invariant {
  const at = text.indexOf(':');
  const category = text.slice(0, Math.max(at, 0)).trim();
  const name = text.slice(at + 1).trim();
  if (at < 0 || !(invariantCategories as readonly string[]).includes(category) || name === '') {
    throw new UsageError(
      `--invariant "${text}" is not <category>:<name>.`,
      `Write --invariant "<category>:<what holds>", the category one of ${invariantCategories.join(', ')}; e.g. --invariant "permissions:the Safe owns every ProxyAdmin".`,
    );
  }
  return { name, category: category as Invariant['category'] };
}

function parseApproval(text: string): Approval {
  const [approver = '', role, reference] = text.split(':').map((part) => part.trim());
  if (approver === '' || text.split(':').length > 3) {
    throw new UsageError(
      `--approval "${text}" is not <who>[:<role>[:<reference>]].`,
      'Write --approval "<who>[:<role>[:<reference>]]", e.g. --approval "alice:security review:SEC-7".',
    );
  }
  return { approver, ...(role ? { role } : {}), ...(reference ? { reference } : {}) };
}

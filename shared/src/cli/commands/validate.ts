import {
  evidenceCompleteness,
  evidenceHash,
  evidenceIssues,
  type EvidencePacket,
  registrationIssues,
  type ReleasePackage,
  ReleasePackageError,
  type ReleasePackageIssue,
  toManifest,
} from '../../node.js';
import type { Command } from '../command.js';
import { readJson, readPackage } from '../files.js';
import { addressOption } from '../inputs.js';
import { requiredOption, stringOption } from '../options.js';
import { exitCode, table } from '../output.js';

export const validate: Command = {
  name: 'validate',
  usage: ['validate --package <file> [--evidence <file>] [--multisend-call-only <address>] [--json]'],
  description: [
    'Reads the package with the release package schema: every problem is listed with its JSON path and the fix',
    '(e.g. `phases[1].steps[0].to: "0x12" is not an address …`), including the limits on the text signers read',
    '(ticket, title, description, link labels, invariant names: length, and no control, bidirectional or invisible',
    'characters). Then, offline and as early feedback, the registration rules that depend only on the package: a',
    'window that has not ended, delegatecall only to a MultiSendCallOnly (a Safe deployment, or --multisend-call-only)',
    'with a well-formed batch, no repeated step. The guard checks them again at registration and decides; nothing',
    'here reads the chain. With --evidence, also checks each item of the evidence packet, that the packet is complete',
    'and describes this manifest, and that its hash is the package\'s "evidence".',
    'Exit: 0 valid, 1 valid but the evidence is incomplete or does not match (the gate would hold), 2 invalid.',
  ].join('\n'),
  options: {
    package: { type: 'string', value: '<file>', description: 'The release package to check.' },
    evidence: { type: 'string', value: '<file>', description: 'The evidence packet to check against it.' },
    'multisend-call-only': {
      type: 'string',
      value: '<address>',
      description: "The guard's MultiSendCallOnly (default: a delegatecall may go to a Safe deployment of it).",
    },
  },
  async run(context) {
    const { values, out, command } = context;
    const path = requiredOption(values, command, 'package', 'the release package file');
    const multiSendCallOnly = addressOption(context, 'multisend-call-only');
    const evidencePath = stringOption(values, 'evidence');
    const evidence = evidencePath === undefined ? undefined : await readJson(evidencePath, 'evidence packet');
    const evidenceProblems = evidence === undefined ? [] : evidenceIssues(evidence);
    let pkg: ReleasePackage | undefined;
    let issues: readonly ReleasePackageIssue[];
    try {
      pkg = await readPackage(path);
      issues = registrationIssues(pkg, { multiSendCallOnly });
    } catch (error) {
      if (!(error instanceof ReleasePackageError)) throw error;
      issues = error.issues;
    }
    if (issues.length > 0 || evidenceProblems.length > 0) {
      out.result(
        {
          valid: false,
          package: path,
          issues,
          ...(evidencePath === undefined ? {} : { evidence: { file: evidencePath, issues: evidenceProblems } }),
        },
        [
          ...(issues.length > 0
            ? [`✗ ${path} is not a valid release package:`, ...issues.map((i) => `  ${i.path}: ${i.message}`)]
            : [`✓ ${path} is a valid release package`]),
          ...(evidenceProblems.length > 0
            ? [
                `✗ ${evidencePath} is not a valid evidence packet:`,
                ...evidenceProblems.map((i) => `  ${i.path}: ${i.message}`),
              ]
            : []),
        ].join('\n'),
      );
      return exitCode.reject;
    }
    const valid = pkg!;
    const manifest = toManifest(valid);
    const steps = manifest.phases.reduce((total, phase) => total + phase.steps.length, 0);
    const summary = {
      valid: true,
      package: path,
      kind: valid.kind,
      ticket: valid.ticket,
      chainId: valid.chainId,
      safe: valid.safe,
      guard: valid.guard,
      phases: manifest.phases.length,
      steps,
      notBefore: valid.notBefore,
      expiry: valid.expiry,
    };
    if (evidencePath === undefined) {
      out.result(summary, `✓ ${path} is a valid release package\n${table(Object.entries(summary).slice(2))}`);
      return exitCode.ok;
    }
    const gaps = evidenceCompleteness(evidence, { manifest });
    let hash: string | null;
    try {
      hash = evidenceHash(evidence as EvidencePacket);
    } catch {
      hash = null;
    }
    const hashMatches = hash === valid.evidence;
    const complete = gaps.length === 0 && hashMatches;
    out.result(
      { ...summary, evidence: { complete, gaps, hash, packageEvidence: valid.evidence, hashMatches, issues: [] } },
      [
        `✓ ${path} is a valid release package`,
        table(Object.entries(summary).slice(2)),
        complete ? `✓ ${evidencePath} is complete and is the package's evidence` : `✗ ${evidencePath}:`,
        ...gaps.map((gap) => `  ${gap.part}: ${gap.message}`),
        ...(hashMatches
          ? []
          : [
              `  hash ${hash} is not the package's evidence ${valid.evidence}: run \`manifest-guard hash --package ` +
                `${path} --evidence ${evidencePath} --seal\` once the packet is final.`,
            ]),
      ].join('\n'),
    );
    return complete ? exitCode.ok : exitCode.hold;
  },
};

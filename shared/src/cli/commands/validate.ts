import { evidenceCompleteness } from '../../package/evidenceCompleteness.js';
import { evidenceHash } from '../../package/evidenceHash.js';
import type { EvidencePacket } from '../../package/evidencePacket.js';
import { ReleasePackageError } from '../../package/errors.js';
import { toManifest } from '../../package/toManifest.js';
import type { Command } from '../command.js';
import { readJson, readPackage } from '../files.js';
import { requiredOption, stringOption } from '../options.js';
import { exitCode, table } from '../output.js';

export const validate: Command = {
  name: 'validate',
  usage: ['validate --package <file> [--evidence <file>] [--json]'],
  description: [
    'Reads the package with the release package schema: every problem is listed with its JSON path and the fix',
    '(e.g. `phases[1].steps[0].to: "0x12" is not an address …`). With --evidence, also checks that the evidence',
    'packet is complete and describes this manifest, and that its hash is the package\'s "evidence".',
    'Exit: 0 valid, 1 valid but the evidence is incomplete or does not match (the gate would hold), 2 invalid.',
  ].join('\n'),
  options: {
    package: { type: 'string', value: '<file>', description: 'The release package to check.' },
    evidence: { type: 'string', value: '<file>', description: 'The evidence packet to check against it.' },
  },
  async run({ values, out, command }) {
    const path = requiredOption(values, command, 'package', 'the release package file');
    let pkg;
    try {
      pkg = await readPackage(path);
    } catch (error) {
      if (!(error instanceof ReleasePackageError)) throw error;
      out.result(
        { valid: false, package: path, issues: error.issues },
        [`✗ ${path} is not a valid release package:`, ...error.issues.map((i) => `  ${i.path}: ${i.message}`)].join(
          '\n',
        ),
      );
      return exitCode.reject;
    }
    const manifest = toManifest(pkg);
    const steps = manifest.phases.reduce((total, phase) => total + phase.steps.length, 0);
    const summary = {
      valid: true,
      package: path,
      kind: pkg.kind,
      ticket: pkg.ticket,
      chainId: pkg.chainId,
      safe: pkg.safe,
      guard: pkg.guard,
      phases: manifest.phases.length,
      steps,
      notBefore: pkg.notBefore,
      expiry: pkg.expiry,
    };
    const evidencePath = stringOption(values, 'evidence');
    if (evidencePath === undefined) {
      out.result(summary, `✓ ${path} is a valid release package\n${table(Object.entries(summary).slice(2))}`);
      return exitCode.ok;
    }
    const evidence = await readJson(evidencePath, 'evidence packet');
    const gaps = evidenceCompleteness(evidence, { manifest });
    let hash: string | null;
    try {
      hash = evidenceHash(evidence as EvidencePacket);
    } catch {
      hash = null;
    }
    const hashMatches = hash === pkg.evidence;
    const complete = gaps.length === 0 && hashMatches;
    out.result(
      { ...summary, evidence: { complete, gaps, hash, packageEvidence: pkg.evidence, hashMatches } },
      [
        `✓ ${path} is a valid release package`,
        table(Object.entries(summary).slice(2)),
        complete ? `✓ ${evidencePath} is complete and is the package's evidence` : `✗ ${evidencePath}:`,
        ...gaps.map((gap) => `  ${gap.part}: ${gap.message}`),
        ...(hashMatches
          ? []
          : [
              `  hash ${hash} is not the package's evidence ${pkg.evidence}: run \`manifest-guard hash --package ` +
                `${path} --evidence ${evidencePath} --seal\` once the packet is final.`,
            ]),
      ].join('\n'),
    );
    return complete ? exitCode.ok : exitCode.hold;
  },
};

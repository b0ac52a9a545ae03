import type { Hex } from 'viem';

import {
  evidenceCompleteness,
  evidenceHash,
  evidenceIssues,
  type EvidencePacket,
  manifestId,
  packageHash,
  readManifestView,
  statusName,
  toManifest,
} from '../../node.js';
import { manifestGuardAbi } from '../../generated/manifestGuard.js';
import { expectChainId, expectGuard } from '../chain.js';
import type { Command } from '../command.js';
import { CliFileError, EvidenceNotSealableError, UsageError } from '../errors.js';
import { readJson, readPackage, writePackage } from '../files.js';
import { requiredOption, stringOption } from '../options.js';
import { exitCode, table } from '../output.js';

export const hash: Command = {
  name: 'hash',
  usage: [
    'hash --package <file> [--evidence <file>] [--rpc <url>] [--json]',
    'hash --package <file> --evidence <file> --seal [--allow-incomplete]',
  ],
  description: [
    "Prints the manifest id (EIP-712, bound to the package's chain and guard), the package hash (keccak256 of its",
    "canonical JSON: what the gate's decision names), and with --evidence the evidence packet's hash. --seal writes",
    'that hash into the package\'s "evidence" field (the manifest id changes: do it before registering); it refuses a',
    'packet that is malformed, incomplete or describes another manifest, naming what is missing, unless',
    '--allow-incomplete (then it seals and warns; the gate holds until the packet is complete). With --rpc',
    "the deployed guard's manifestId(manifest) view is compared, and the manifest's on-chain status shown.",
    "Exit: 0 ok, 1 the evidence packet is not the package's, 2 the guard computes another id (or an error).",
  ].join('\n'),
  options: {
    package: { type: 'string', value: '<file>', description: 'The release package.' },
    evidence: { type: 'string', value: '<file>', description: 'The evidence packet.' },
    seal: { type: 'boolean', description: 'Write the evidence hash into the package file.' },
    'allow-incomplete': { type: 'boolean', description: 'With --seal: seal a packet that is not complete yet.' },
  },
  async run(context) {
    const { values, out, command } = context;
    if (values['allow-incomplete'] && !values.seal) {
      throw new UsageError('--allow-incomplete goes with --seal.', 'Pass --seal to write the evidence hash.');
    }
    const path = requiredOption(values, command, 'package', 'the release package file');
    let pkg = await readPackage(path);
    const evidencePath = stringOption(values, 'evidence');
    let packetHash: Hex | undefined;
    let incomplete: string[] = [];
    if (evidencePath !== undefined) {
      const packet = await readJson(evidencePath, 'evidence packet');
      if (values.seal) {
        const issues = evidenceIssues(packet);
        if (issues.length > 0) {
          throw new EvidenceNotSealableError(
            evidencePath,
            'is not a valid evidence packet',
            issues.map((issue) => `${issue.path}: ${issue.message}`),
            `Fix it (\`manifest-guard validate --package ${path} --evidence ${evidencePath}\`), then seal.`,
          );
        }
        const gaps = evidenceCompleteness(packet, { manifest: toManifest(pkg) });
        incomplete = [...new Set(gaps.map((gap) => gap.part))];
        if (gaps.length > 0 && !values['allow-incomplete']) {
          throw new EvidenceNotSealableError(
            evidencePath,
            `is incomplete: ${incomplete.join(', ')}`,
            gaps.map((gap) => `${gap.part}: ${gap.message}`),
            'Complete it and seal again, or pass --allow-incomplete to seal it as it is (the gate holds until it is complete).',
          );
        }
      }
      try {
        packetHash = evidenceHash(packet as EvidencePacket);
      } catch (error) {
        throw new CliFileError(evidencePath, (error as Error).message.split('\n')[0]!, 'Use plain JSON values.');
      }
    }
    let sealed = false;
    if (values.seal) {
      if (!packetHash) throw new CliFileError(path, '--seal needs --evidence', 'Pass the evidence packet to seal.');
      if (pkg.evidence !== packetHash) {
        pkg = { ...pkg, evidence: packetHash };
        await writePackage(path, pkg);
        sealed = true;
      }
    }
    const manifest = toManifest(pkg);
    const id = manifestId({ manifest, chainId: pkg.chainId, guard: pkg.guard });
    const result: Record<string, unknown> = {
      manifestId: id,
      packageHash: packageHash(pkg),
      chainId: pkg.chainId,
      guard: pkg.guard,
      packageEvidence: pkg.evidence,
    };
    if (packetHash) Object.assign(result, { evidenceHash: packetHash, evidenceMatches: packetHash === pkg.evidence });
    if (values.seal) result.sealed = sealed;
    if (values.seal && incomplete.length > 0) {
      result.incomplete = incomplete;
      out.warn(`sealed an incomplete evidence packet (${incomplete.join(', ')}): the gate holds until it is complete`);
    }
    let code: 0 | 1 | 2 = packetHash && packetHash !== pkg.evidence ? exitCode.hold : exitCode.ok;
    if (context.hasRpc) {
      const chain = await context.chain();
      expectChainId(chain, pkg.chainId, `the package (${path})`);
      await expectGuard(chain, pkg.guard);
      const onChain = (await chain.publicClient.readContract({
        address: pkg.guard,
        abi: manifestGuardAbi,
        functionName: 'manifestId',
        args: [manifest],
      })) as Hex;
      const view = await readManifestView(chain.publicClient, pkg.guard, id);
      result.onChain = { manifestId: onChain, matches: onChain === id, status: statusName(view.status) };
      if (onChain !== id) code = exitCode.reject;
    }
    const onChain = result.onChain as { manifestId: Hex; matches: boolean; status: string } | undefined;
    out.result(
      result,
      [
        table([
          ['manifest id', id],
          ['package hash', result.packageHash],
          ['evidence (package)', pkg.evidence],
          ...(packetHash
            ? ([['evidence (packet)', `${packetHash} ${packetHash === pkg.evidence ? '✓' : '✗ differs'}`]] as const)
            : []),
          ...(onChain
            ? ([
                ['guard manifestId', `${onChain.manifestId} ${onChain.matches ? '✓ same' : '✗ DIFFERENT'}`],
                ['on-chain status', onChain.status],
              ] as const)
            : []),
        ]),
        ...(sealed ? [`sealed: ${path} now carries the evidence hash (its manifest id changed)`] : []),
        ...(code === exitCode.hold
          ? [`The evidence packet is not the package's: run with --seal once the packet is final.`]
          : []),
        ...(onChain && !onChain.matches
          ? ['The guard computes another id: the package is for another guard or chain, or the hashing differs.']
          : []),
      ].join('\n'),
    );
    return code;
  },
};

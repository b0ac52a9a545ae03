import { type Hex, keccak256, stringToBytes } from 'viem';

import { canonicalJson, readManifestView } from '../../node.js';
import { manifestGuardAbi } from '../../generated/manifestGuard.js';
import { expectGuard, sendContract } from '../chain.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { readJson } from '../files.js';
import { readState, stateLine } from '../guardState.js';
import { bytes32Option, manifestOptions, targetManifest } from '../inputs.js';
import { stringOption } from '../options.js';
import { exitCode } from '../output.js';

export const advance: Command = {
  name: 'advance',
  usage: [
    'advance (--package <file> | --id <id> --guard <address>) (--metrics <file> | --metrics-hash <hash>) --rpc <url>',
  ],
  description: [
    "Opens the next phase's gate: the guard's attestContinue(id, phase, metricsHash) as an approver, after the",
    "previous phase's soak. --metrics hashes a JSON file of the observations the decision rests on (keccak256 of its",
    'canonical JSON); --metrics-hash passes a hash computed elsewhere.',
    'Exit: 0 ok, 2 rejected (soak not elapsed, no next phase, not an approver…).',
  ].join('\n'),
  options: {
    ...manifestOptions,
    metrics: { type: 'string', value: '<file>', description: 'The metrics JSON the decision rests on.' },
    'metrics-hash': { type: 'string', value: '<hash>', description: 'Its hash, computed elsewhere.' },
  },
  async run(context) {
    const { values, out } = context;
    const { id, guard } = await targetManifest(context);
    const metricsPath = stringOption(values, 'metrics');
    let metricsHash: Hex | undefined = bytes32Option(context, 'metrics-hash');
    if (metricsPath !== undefined) {
      if (metricsHash) throw new UsageError('--metrics and --metrics-hash both given.', 'Pass one of them.');
      metricsHash = keccak256(stringToBytes(canonicalJson(await readJson(metricsPath, 'metrics file'))));
    }
    if (!metricsHash) {
      throw new UsageError(
        '`advance` needs the metrics the decision to continue rests on.',
        'Pass --metrics <file> (a JSON of the observations) or --metrics-hash <hash>.',
      );
    }
    const chain = await context.chain();
    await expectGuard(chain, guard);
    const view = await readManifestView(chain.publicClient, guard, id);
    const phase = BigInt(view.currentPhase);
    if (phase === 0n || view.currentPhase >= view.phaseCount) {
      throw new UsageError(
        `${id} has no phase waiting for "continue" (cursor at phase ${view.currentPhase} of ${view.phaseCount}).`,
        'Run advance after a phase completes and before the next one starts.',
      );
    }
    const account = await context.account('approver');
    const sent = await sendContract(chain, account, {
      address: guard,
      abi: manifestGuardAbi,
      functionName: 'attestContinue',
      args: [id, phase, metricsHash],
      action: `attestContinue(phase ${phase})`,
      fix: "Attest as an approver, after the previous phase's soak.",
    });
    const state = await readState(chain, guard, id);
    out.result(
      { manifestId: id, phase: Number(phase), metricsHash, txHash: sent.hash, state },
      `✓ phase ${phase} of ${id} may start (metrics ${metricsHash})\n  ${stateLine(state)}`,
    );
    return exitCode.ok;
  },
};

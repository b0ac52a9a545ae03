import { rpcUrlOf } from '../../authority/errors.js';
import { CheckKind } from '../../guard/manifest.js';
import { authorityChangeSummary, simulateAuthorityEffects } from '../../simulate/authorityEffects.js';
import { installedImplementationShapes } from '../../simulate/implementationShapes.js';
import type { GateContext } from '../context.js';
import { GateInputError } from '../errors.js';
import type { GateAuthorityEffects, GateParameters } from '../parameters.js';
import type { GateReason } from '../types.js';
import { implementationShapeReasons } from './implementation.js';
import { reason } from './rule.js';

/**
 * What the transaction does to who holds authority (a hidden ownership transfer, a role grant) and which
 * implementations it installs (one that is itself a proxy, or delegates on: the hidden-proxy pattern): run as the
 * Safe would make its calls on a fork of the block the chain was read at, then each new implementation inspected on
 * the fork and traced through its proxy (with calldata no contract implements, and with the phase's result-hash
 * checks aimed at the proxy). `null` offline, or when an earlier rule already rejects;
 * `parameters.authorityEffects` when one was passed (no fork then: the implementations are read on the chain, without
 * a trace, when it has none).
 *
 * @throws {GateInputError} when the chain client has no RPC URL to fork.
 * @throws {SimulationError} when the fork cannot be run.
 */
export async function simulation(
  { parameters, state, safe, proposed, target, manifest, position }: GateContext,
  earlier: readonly GateReason[],
): Promise<GateAuthorityEffects | null> {
  const { chain } = parameters;
  if (!chain || !state || earlier.some((known) => known.decision === 'reject')) return null;
  const checks = position ? (manifest.phases[position.phase]?.checks ?? []) : [];
  const effects =
    parameters.authorityEffects ??
    (await simulateAuthorityEffects({
      rpcUrl: forkSource(chain),
      blockNumber: state.block.number,
      safe,
      calls: [proposed],
      contracts: [target, ...(parameters.proxies ?? [])],
      declared: parameters.declared,
      multiSendCallOnly: state.config.multiSendCallOnly,
      probes: checks
        .filter((check) => check.kind === CheckKind.ResultHash)
        .map((check) => ({ to: check.target, data: check.data })),
    }));
  const implementations =
    effects.implementations ??
    (await installedImplementationShapes({
      client: chain.publicClient,
      calls: [proposed],
      safe,
      trace: false,
      blockNumber: state.block.number,
    }));
  return authorityChangeSummary({ ...effects, implementations });
}

/**
 * The simulation's reasons: `simulationReverted`, each authority finding as `authority:<kind>` (each holds), then the
 * installed implementations' (`implementationIsProxy` rejects, `implementationDelegates` holds).
 */
export function simulationReasons(effects: GateAuthorityEffects | null): GateReason[] {
  if (!effects) return [];
  const reverted = effects.reverted
    ? [
        reason(
          'simulationReverted',
          'hold',
          `The transaction reverts when the Safe makes its calls on a fork of block ${effects.forkBlockNumber}: ` +
            `${effects.error ?? 'no reason given'}. Check the payload and the target's state before executing.`,
          { forkBlockNumber: effects.forkBlockNumber, error: effects.error },
        ),
      ]
    : [];
  return [
    ...reverted,
    ...effects.findings.map((finding) =>
      reason(
        `authority:${finding.kind}`,
        'hold',
        `${finding.message} (simulated on a fork of block ${effects.forkBlockNumber})`,
        {
          contract: finding.contract,
          via: finding.via,
          role: finding.role?.name ?? null,
          holder: finding.holder,
          authority: finding.authority,
          authorityBefore: finding.authorityBefore,
        },
      ),
    ),
    ...implementationShapeReasons(effects),
  ];
}

/** The RPC URL a fork of `chain` starts from. @throws {GateInputError} when the client has no URL. */
function forkSource(chain: NonNullable<GateParameters['chain']>): string {
  const url = chain.rpcUrl ?? rpcUrlOf(chain.publicClient);
  if (!URL.canParse(url)) {
    throw new GateInputError(
      'the chain client has no RPC URL to fork for the authority simulation',
      'Pass chain.rpcUrl (an HTTP JSON-RPC URL of the same chain).',
    );
  }
  return url;
}

import {
  type Address,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
  getAddress,
  isAddressEqual,
  zeroHash,
} from 'viem';

import { manifestId as computeManifestId } from '../hashing/manifestId.js';
import type { Manifest } from '../guard/manifest.js';
import type { ReleasePackage, StopResponseName } from '../package/schema.js';
import { toManifest } from '../package/toManifest.js';
import { aggregate, canonicalMulticall3, probeOverride, readSlots } from './batchReads.js';
import { containmentPlan } from './containment.js';
import { phaseEffects } from './effects.js';
import { VerifyInputError } from './errors.js';
import { receiptFindings } from './receiptFindings.js';
import { safeTxHashIndex } from './safeTxHashIndex.js';
import type { Invariant } from './invariants.js';
import { planState } from './stateFindings.js';
import { StateReads } from './stateReads.js';
import type { Containment, VerifiedExecution, VerifyFinding } from './types.js';

export type VerifyPhaseParameters = {
  /** A client of the chain the Safe is on (a JSON-RPC batch transport, `http(url, { batch: true })`, sends each round trip as one HTTP request). */
  client: PublicClient;
  guard: Address;
  safe: Address;
  /** The phase's receipts, or the hashes of its transactions (fetched in the same round trip as the state). */
  receipts: readonly (TransactionReceipt | Hex)[];
  /** Index of the phase that executed. */
  phase: number;
  /** The release package (its stop conditions' watched invariants are checked too) … */
  pkg?: ReleasePackage;
  /** … or the manifest as the guard takes it. */
  manifest?: Manifest;
  /** The rollback manifest (its id must be the manifest's `rollback`), to list its steps in the containment plan. */
  rollback?: Manifest | ReleasePackage;
  /** A pre-approved Emergency (pause) manifest to offer as well. */
  emergency?: Manifest | ReleasePackage;
  /** Defaults to the package's chain id, then the client's chain. */
  chainId?: number;
  /** Defaults to the client chain's `multicall3`, then 0xcA11bde05977b3631167028862bE2a173976CA11. */
  multicallAddress?: Address;
  /** Read the state at this block (default: latest). */
  blockNumber?: bigint;
  /** The response of divergences the stop-condition table does not name (default `contain`). */
  defaultResponse?: StopResponseName;
  /** Seconds the planned freeze lasts (default: the guard's `maxFreeze`). */
  freezeDuration?: bigint;
};

export type VerifyPhaseReturnType = {
  /** No finding. */
  ok: boolean;
  manifestId: Hex;
  phase: number;
  findings: VerifyFinding[];
  /** Each step's execution as the receipts show it, by step. */
  executions: VerifiedExecution[];
  /** Sequential JSON-RPC round trips the verification took: 1, or 2 without Multicall3 or state overrides. */
  roundTrips: number;
  /** What to do, as data ready to send; `null` when `ok`. */
  containment: Containment | null;
};

export type VerifyPhaseErrorType = VerifyInputError;

/**
 * Verifies a phase after it executed: its receipts (every step executed once, in order, as the Safe's
 * `ExecutionSuccess` safeTxHash and the guard's `StepExecuted`/`PhaseCompleted` show, with the `Upgraded`,
 * `AdminChanged`, `OwnershipTransferred` events of its upgrade and authority calls) and the state it leaves (EIP-1967
 * implementation and admin slots, beacon implementations, owners of ProxyAdmins, beacons and UUPS proxies, roles,
 * the Safe's guard, the manifest's cursor, the phase's checks and the package's watched invariants), all state read
 * in one round trip (two `eth_call`s: the slots through a state override, the views through Multicall3). On
 * divergence, `containment` lists the guardian's freeze and halt and the pre-approved rollback, as transactions.
 *
 * @throws {VerifyInputError} when the inputs do not describe a phase (no manifest, phase out of range, no receipts).
 *
 * @example
 * const result = await verifyPhase({ client, guard, safe, pkg, phase: 0, receipts: [hash] });
 * if (!result.ok) console.log(result.findings, result.containment);
 */
export async function verifyPhase(parameters: VerifyPhaseParameters): Promise<VerifyPhaseReturnType> {
  const { client, phase, pkg } = parameters;
  const guard = getAddress(parameters.guard);
  const safe = getAddress(parameters.safe);
  const manifest = pkg ? toManifest(pkg) : parameters.manifest;
  if (!manifest) throw new VerifyInputError('neither a package nor a manifest was given', 'Pass `pkg` or `manifest`.');
  const steps = manifest.phases[phase]?.steps;
  if (!Number.isInteger(phase) || !steps) {
    throw new VerifyInputError(
      `phase ${phase} does not exist (the manifest has ${manifest.phases.length})`,
      `Pass a phase index from 0 to ${manifest.phases.length - 1}.`,
    );
  }
  if (parameters.receipts.length === 0) {
    throw new VerifyInputError('no receipts or transaction hashes were given', "Pass the phase's transactions.");
  }
  const chainId = parameters.chainId ?? pkg?.chainId ?? client.chain?.id;
  if (chainId === undefined) {
    throw new VerifyInputError('the chain id is unknown', 'Pass `chainId`, a package, or a client with a chain.');
  }
  if (pkg && (!isAddressEqual(pkg.safe, safe) || !isAddressEqual(pkg.guard, guard))) {
    throw new VerifyInputError(
      `the package is for Safe ${pkg.safe} and guard ${pkg.guard}, not ${safe} and ${guard}`,
      'Verify against the Safe and guard the package names.',
    );
  }
  const id = computeManifestId({ manifest, chainId, guard });
  const rollback = resolve(parameters.rollback, chainId, guard);
  const rollbackId = manifest.rollback === zeroHash ? undefined : manifest.rollback;
  if (rollback && rollback.id !== rollbackId) {
    throw new VerifyInputError(
      `the rollback given has id ${rollback.id}, but the manifest names ${rollbackId ?? 'no rollback'}`,
      "Pass the manifest's own rollback (the one registered under its `rollback` id).",
    );
  }
  const emergency = resolve(parameters.emergency, chainId, guard);
  const multicallAddress =
    parameters.multicallAddress ?? client.chain?.contracts?.multicall3?.address ?? canonicalMulticall3;
  const defaultResponse = parameters.defaultResponse ?? 'contain';
  const finding = (value: Omit<VerifyFinding, 'response'> & { response?: StopResponseName }): VerifyFinding => ({
    ...value,
    response: value.response ?? defaultResponse,
  });

  const effects = phaseEffects(steps, safe);
  const checks = manifest.phases[phase]!.checks;
  const invariants = (pkg?.stopConditions ?? []).filter((stop): stop is Invariant => stop.source === 'invariant');
  const reads = new StateReads();
  const judge = planState(
    {
      safe,
      guard,
      manifestId: id,
      rollbackId,
      emergencyId: emergency?.id,
      phase,
      lastPhase: phase === manifest.phases.length - 1,
      effects,
      checks,
      invariants,
      finding,
    },
    reads,
  );

  const { blockNumber } = parameters;
  const [receipts, slots, results] = await Promise.all([
    Promise.all(
      parameters.receipts.map((receipt) =>
        typeof receipt === 'string' ? client.getTransactionReceipt({ hash: receipt }) : receipt,
      ),
    ),
    readSlots({ client, reads: reads.slots, multicallAddress, blockNumber }),
    aggregate({
      client,
      calls: reads.calls,
      multicallAddress,
      blockNumber,
      stateOverride: probeOverride,
    }),
  ]);
  const state = judge(slots.words, results.results);
  const { facts } = state;
  const window = BigInt(receipts.length) + 256n;
  const origins = safeTxHashIndex({
    safe,
    chainId,
    steps,
    fromNonce: facts.safeNonce > window ? facts.safeNonce - window : 0n,
    toNonce: facts.safeNonce,
  });
  const events = receiptFindings({
    receipts,
    safe,
    guard,
    manifestId: id,
    phase,
    lastPhase: phase === manifest.phases.length - 1,
    steps,
    effects,
    origins,
    finding,
  });
  const findings = [...events.findings, ...state.findings];
  return {
    ok: findings.length === 0,
    manifestId: id,
    phase,
    findings,
    executions: events.executions,
    roundTrips: Math.max(1, slots.roundTrips, results.roundTrips),
    containment: containmentPlan({
      findings,
      guard,
      manifestId: id,
      facts,
      rollback: rollback ?? (rollbackId ? { id: rollbackId, manifest: undefined } : undefined),
      emergency,
      freezeDuration: parameters.freezeDuration,
    }),
  };
}

function resolve(
  input: Manifest | ReleasePackage | undefined,
  chainId: number,
  guard: Address,
): { id: Hex; manifest: Manifest } | undefined {
  if (!input) return undefined;
  const manifest = 'schemaVersion' in input ? toManifest(input) : input;
  return { id: computeManifestId({ manifest, chainId, guard }), manifest };
}

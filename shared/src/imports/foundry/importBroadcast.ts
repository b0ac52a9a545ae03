import { type Address, type Hex, type PublicClient, getAddress } from 'viem';

import { declaredAuthoritiesKey } from '../../authority/declared.js';
import type { DecodedCall } from '../../decode/decodedCall.js';
import { manifestGuardAbi } from '../../generated/manifestGuard.js';
import { safeAbi } from '../../generated/safe.js';
import { manifestId as computeManifestId } from '../../hashing/manifestId.js';
import type { GuardConfig } from '../../guard/manifest.js';
import { packagePhases } from '../../package/buildUpgradePackage.js';
import { draftEvidence } from '../../package/draftEvidence.js';
import { evidenceHash } from '../../package/evidenceHash.js';
import type { EvidencePacket } from '../../package/evidencePacket.js';
import { parseReleasePackage } from '../../package/parseReleasePackage.js';
import type { ManifestKindName, ReleasePackage, StopResponseName } from '../../package/schema.js';
import { toManifest } from '../../package/toManifest.js';
import { type ForgeBroadcast, assertBroadcastChain } from './broadcast.js';
import { decodeSafeCall } from './decodeCall.js';
import { assertDependenciesDeployed } from './deployedDependencies.js';
import { parsePhaseRanges } from './phaseRanges.js';
import type { ForgeArtifact } from './readArtifacts.js';
import { type BroadcastOtherTransaction, type BroadcastSafeCall, splitBroadcast } from './safeCalls.js';
import { type ImportedUpgrade, upgradeChecks } from './upgradeChecks.js';

export type ImportFoundryBroadcastParameters = {
  client: PublicClient;
  broadcast: ForgeBroadcast;
  safe: Address;
  guard: Address;
  /** `--phase` values: 1-based ranges of the Safe's calls (`1-2`, `3`); none: one phase with every call. */
  phases?: readonly string[];
  /** The script's build output (`readArtifacts`), to decode calls the library's ABIs do not know. */
  artifacts?: readonly ForgeArtifact[];
  kind: ManifestKindName;
  ticket: string;
  title?: string;
  description?: string;
  /** A Release's Rollback manifest id. */
  rollback?: Hex;
  /** Window start (unix seconds; default: the latest block's time) and length in seconds. */
  notBefore?: bigint;
  window: bigint;
  /** Minimum soak after each phase but the last, in seconds. */
  soak?: bigint;
  response?: StopResponseName;
  /** A view the new Transparent v5 / UUPS implementation answers (default `version()`). */
  checkView?: string;
  onProgress?: (message: string) => void;
};

/** A step of the imported manifest: which Safe call (and broadcast transaction) it is, decoded. */
export type ImportedStep = {
  phase: number;
  step: number;
  /** 1-based among the Safe's calls. */
  call: number;
  /** 1-based among all the broadcast's transactions. */
  transaction: number;
  to: Address;
  value: bigint;
  data: Hex;
  decoded: DecodedCall;
  upgrades: ImportedUpgrade[];
};

export type ImportFoundryBroadcastReturnType = {
  package: ReleasePackage;
  evidence: EvidencePacket;
  manifestId: Hex;
  /** Whether the phases came from `phases` or are the default (one phase with every Safe call). */
  phasing: 'given' | 'default';
  /** The Safe call numbers of each phase. */
  phases: number[][];
  steps: ImportedStep[];
  /** Transactions of other senders: listed, not steps. */
  others: BroadcastOtherTransaction[];
  upgrades: ImportedUpgrade[];
};

/**
 * Turns a `forge script` broadcast into a release package: the Safe's calls become the steps (call, in order),
 * grouped into the given phases; each upgrade among them (confirmed on chain) brings the checks the builders add for
 * its proxy kind, among them the code-hash check of the new implementation; the evidence packet's skeleton is drafted
 * (`draftEvidence`) and its hash put in the package. Transactions of other senders are returned in `others`.
 *
 * @throws {BroadcastChainError} when the broadcast is of another chain than the client's.
 * @throws {SafeCreateError | NoSafeCallError} (`splitBroadcast`), {PhaseRangeError} (`parsePhaseRanges`), the
 * errors of `upgradeChecks`, and {DependencyNotDeployedError} when a Safe call names a contract deployed in the
 * broadcast that has no code on chain.
 * @example
 * const imported = await importFoundryBroadcast({
 *   client, broadcast: await readBroadcast(file), safe, guard, phases: ['1', '2'],
 *   kind: 'Release', ticket: 'REL-42', rollback: rollbackId, window: 30n * 86_400n,
 * });
 * imported.package.phases.length; // 2
 */
export async function importFoundryBroadcast(
  parameters: ImportFoundryBroadcastParameters,
): Promise<ImportFoundryBroadcastReturnType> {
  const { client, broadcast, safe, guard, response = 'rollback' } = parameters;
  const progress = parameters.onProgress ?? (() => {});
  const chainId = await client.getChainId();
  assertBroadcastChain(broadcast, chainId);
  const { safeCalls, others } = splitBroadcast(broadcast, safe);
  const phases = parsePhaseRanges(parameters.phases ?? [], safeCalls.length);

  const steps: ImportedStep[] = [];
  const built: { calls: BroadcastSafeCall[]; checks: Awaited<ReturnType<typeof upgradeChecks>>['checks'] }[] = [];
  for (const [phase, indices] of phases.entries()) {
    const calls = indices.map((index) => safeCalls[index]!);
    const checks: (typeof built)[number]['checks'] = [];
    for (const [step, call] of calls.entries()) {
      progress(
        `phase ${phase + 1}, step ${step + 1}: Safe call ${call.call} (transaction #${call.number}) to ${call.to}`,
      );
      const found = await upgradeChecks({
        client,
        chainId,
        call,
        safe,
        others,
        response,
        ...(parameters.checkView ? { checkView: parameters.checkView } : {}),
      });
      checks.push(...found.checks);
      steps.push({
        phase,
        step,
        call: call.call,
        transaction: call.number,
        to: call.to,
        value: call.value,
        data: call.data,
        decoded: decodeSafeCall({
          call,
          safe,
          guard,
          ...(parameters.artifacts ? { artifacts: parameters.artifacts } : {}),
        }),
        upgrades: found.upgrades,
      });
    }
    built.push({ calls, checks });
  }
  // After the upgrades' own checks, so that a missing implementation is named as such.
  await assertDependenciesDeployed({ client, chainId, safeCalls, others });
  const upgrades = steps.flatMap((step) => step.upgrades);
  const proxies = [...new Set(upgrades.map((upgrade) => upgrade.proxy))];
  const implementations = [...new Set(upgrades.map((upgrade) => upgrade.implementation))];

  const [owners, config, block] = await Promise.all([
    client.readContract({ address: safe, abi: safeAbi, functionName: 'getOwners' }) as Promise<readonly Address[]>,
    client.readContract({ address: guard, abi: manifestGuardAbi, functionName: 'getConfig' }) as Promise<GuardConfig>,
    parameters.notBefore === undefined ? client.getBlock() : Promise.resolve(undefined),
  ]);
  const notBefore = parameters.notBefore ?? block!.timestamp;
  const expiry = notBefore + parameters.window;
  const evidence = await draftEvidence({
    client,
    ticket: parameters.ticket,
    implementations,
    phases: built.map((phase) => ({ steps: phase.calls })),
    ...(parameters.rollback ? { rollbackManifestId: parameters.rollback } : {}),
    owners,
    proxies,
    thresholds: { routine: config.routineThreshold, privileged: config.privilegedThreshold },
    window: { notBefore, expiry },
  });
  const soak = parameters.soak ?? 0n;
  const pkg = parseReleasePackage({
    schemaVersion: 1,
    chainId,
    safe: getAddress(safe),
    guard: getAddress(guard),
    title: parameters.title ?? parameters.ticket,
    description: parameters.description ?? '',
    kind: parameters.kind,
    ticket: parameters.ticket,
    notBefore: Number(notBefore),
    expiry: Number(expiry),
    ...(parameters.rollback ? { rollback: parameters.rollback } : {}),
    evidence: evidenceHash(evidence),
    phases: packagePhases(
      built.map((phase) => ({ steps: phase.calls.map((call) => ({ ...call, operation: 0 })), checks: phase.checks })),
      { response, soak },
    ),
    [declaredAuthoritiesKey]: { proxies },
  });
  return {
    package: pkg,
    evidence,
    manifestId: computeManifestId({ manifest: toManifest(pkg), chainId, guard: pkg.guard }),
    phasing: parameters.phases && parameters.phases.length > 0 ? 'given' : 'default',
    phases: phases.map((indices) => indices.map((index) => index + 1)),
    steps,
    others,
    upgrades,
  };
}

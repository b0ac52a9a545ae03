import { type Address, type Hex, type PublicClient, keccak256 } from 'viem';

import { codeHashOf } from '../builders/checks.js';
import { CheckViewError, expectedView } from '../builders/expectedView.js';
import { implementationChecks } from '../builders/implementationChecks.js';
import { upgradeStep } from '../builders/upgradeStep.js';
import { BaseError } from '../errors/base.js';
import { manifestGuardAbi } from '../generated/manifestGuard.js';
import { safeAbi } from '../generated/safe.js';
import type { Check, GuardConfig, Step } from '../guard/manifest.js';
import { manifestId } from '../hashing/manifestId.js';
import { type DetectProxyKindReturnType, detectProxyKind } from '../proxy/detectProxyKind.js';
import { draftEvidence } from './draftEvidence.js';
import { evidenceHash } from './evidenceHash.js';
import type { EvidencePacket } from './evidencePacket.js';
import { parseReleasePackage } from './parseReleasePackage.js';
import type { JsonValue, ManifestKindName, ReleasePackage, StopResponseName } from './schema.js';
import { toManifest } from './toManifest.js';

/** The package's own extension field: the proxies it upgrades (for `authority`, `simulate` and the gate). */
export const upgradePackageExtension = 'x-manifest-guard';

/** One upgrade of a phase: the proxy, the implementation it runs afterwards, and an optional call after the upgrade. */
export type PlannedUpgrade = { proxy: Address; implementation: Address; data?: Hex };

export type BuildUpgradePackageParameters = {
  client: PublicClient;
  chainId: number;
  guard: Address;
  /** The Safe the guard protects (its owners are the rollback's signers). */
  safe: Address;
  kind: ManifestKindName;
  ticket: string;
  /** Default: the ticket. */
  title?: string;
  description?: string;
  /** A Release's Rollback manifest id (required for a Release, refused for the other kinds). */
  rollback?: Hex;
  /** Window start (unix seconds). */
  notBefore: bigint;
  /** Window length in seconds. */
  window: bigint;
  /** Minimum soak after each phase but the last, in seconds. */
  soak: bigint;
  /** What a failed check means. */
  response: StopResponseName;
  /** A view without arguments the new implementation answers (Transparent v5 and UUPS checks), e.g. `version()`. */
  checkView: string;
  /** The canary phases, in order, each with its upgrades. */
  phases: readonly (readonly PlannedUpgrade[])[];
  /** Called before each proxy is read (progress lines). */
  onProgress?: (message: string) => void;
  /** Extra `x-manifest-guard` fields besides `proxies`. */
  extension?: { [key: string]: JsonValue };
  /**
   * What is already known of the evidence packet's `simulation` (e.g. the storage-layout reports in `storageLayout`),
   * hashed with the skeleton.
   */
  simulation?: { [key: string]: JsonValue };
};

export type BuildUpgradePackageReturnType = {
  pkg: ReleasePackage;
  /** The evidence packet's skeleton (`draftEvidence`); its hash is the package's `evidence`. */
  evidence: EvidencePacket;
  /** The manifest id the guard computes for the package. */
  manifestId: Hex;
  /** Every proxy, in the order of first appearance. */
  proxies: Address[];
  /** What `detectProxyKind` found for each upgrade, by phase. */
  detected: DetectProxyKindReturnType[][];
  steps: number;
};
export type BuildUpgradePackageErrorType = ImplementationWithoutCodeError | CheckViewError | RollbackKindError;

/** The implementation to install has no code on the chain. */
export class ImplementationWithoutCodeError extends BaseError {
  override name = 'ImplementationWithoutCodeError';
  readonly implementation: Address;
  constructor(implementation: Address, chainId: number) {
    super(`${implementation} has no code on chain ${chainId}.`, {
      metaMessages: ['Deploy the new implementation first, and pass its address.'],
    });
    this.implementation = implementation;
  }
}

/** A Release without its Rollback id, or another kind with one. */
export class RollbackKindError extends BaseError {
  override name = 'RollbackKindError';
  constructor(kind: ManifestKindName) {
    super(kind === 'Release' ? 'A Release needs its Rollback manifest.' : `A ${kind} names no rollback.`, {
      metaMessages: [
        kind === 'Release'
          ? 'Build the rollback first (a Rollback package of the current implementations), then name its id.'
          : 'Only a Release names a rollback: leave it out.',
      ],
    });
  }
}

/**
 * Builds an upgrade package from proxies and implementations: reads each proxy's kind on chain, builds its upgrade
 * step (ProxyAdmin `upgradeAndCall`, `upgradeToAndCall`, beacon `upgradeTo`) and the checks that the proxy runs the
 * implementation after the phase (always the implementation's code hash; the ProxyAdmin's or beacon's view, or for
 * Transparent v5 and UUPS `checkView` called through the proxy), drafts the evidence packet's skeleton (code hashes,
 * calldata hashes, window, the Safe's owners and the guard's thresholds as the rollback artifact) and puts its hash in
 * the package. What `manifest-guard init` and the importers write.
 *
 * @throws {ImplementationWithoutCodeError} when an implementation has no code.
 * @throws {CheckViewError} when a Transparent v5 or UUPS implementation does not answer `checkView`.
 * @throws {RollbackKindError} for a Release without `rollback`, or another kind with one.
 * @throws {UnknownProxyKindError} for an address that is no proxy of a known kind.
 * @example
 * const { pkg, evidence, manifestId } = await buildUpgradePackage({
 *   client, chainId: 31337, guard, safe, kind: 'Rollback', ticket: 'RB-42', notBefore: now, window: 60n * 86400n,
 *   soak: 0n, response: 'rollback', checkView: 'version()', phases: [[{ proxy, implementation: poolV1 }]],
 * });
 */
export async function buildUpgradePackage(
  parameters: BuildUpgradePackageParameters,
): Promise<BuildUpgradePackageReturnType> {
  const { client, chainId, guard, safe, kind, ticket, rollback, notBefore, window, soak, response } = parameters;
  if ((kind === 'Release') !== (rollback !== undefined)) throw new RollbackKindError(kind);
  const config = (await client.readContract({
    address: guard,
    abi: manifestGuardAbi,
    functionName: 'getConfig',
  })) as GuardConfig;

  const proxies: Address[] = [];
  const implementations: Address[] = [];
  const detectedByPhase: DetectProxyKindReturnType[][] = [];
  const built: { steps: Step[]; checks: Check[] }[] = [];
  for (const [index, upgrades] of parameters.phases.entries()) {
    const steps: Step[] = [];
    const checks: Check[] = [];
    const detectedHere: DetectProxyKindReturnType[] = [];
    for (const upgrade of upgrades) {
      parameters.onProgress?.(`phase ${index}: reading ${upgrade.proxy}`);
      const detected = await detectProxyKind({ client, address: upgrade.proxy });
      detectedHere.push(detected);
      steps.push(upgradeStep({ proxy: detected, implementation: upgrade.implementation, data: upgrade.data }));
      const codeHash = await codeHashOf({ client, address: upgrade.implementation });
      if (codeHash === keccak256('0x')) throw new ImplementationWithoutCodeError(upgrade.implementation, chainId);
      let view: { data: Hex; result: Hex } | undefined;
      if (detected.kind === 'transparent-v5' || detected.kind === 'uups') {
        view = await expectedView(client, upgrade.implementation, parameters.checkView);
      }
      checks.push(
        ...implementationChecks({
          kind: detected.kind,
          proxy: detected.proxy,
          implementation: upgrade.implementation,
          proxyAdmin: 'admin' in detected ? detected.admin : undefined,
          beacon: detected.kind === 'beacon' ? detected.beacon : undefined,
          codeHash,
          view,
          response,
        }),
      );
      if (!proxies.includes(detected.proxy)) proxies.push(detected.proxy);
      if (!implementations.includes(upgrade.implementation)) implementations.push(upgrade.implementation);
    }
    built.push({ steps, checks });
    detectedByPhase.push(detectedHere);
  }

  const owners = (await client.readContract({ address: safe, abi: safeAbi, functionName: 'getOwners' })) as Address[];
  const expiry = notBefore + window;
  const draft = await draftEvidence({
    client,
    ticket,
    implementations,
    phases: built,
    ...(rollback ? { rollbackManifestId: rollback } : {}),
    owners,
    proxies,
    thresholds: { routine: config.routineThreshold, privileged: config.privilegedThreshold },
    window: { notBefore, expiry },
  });
  const evidence: EvidencePacket = { ...draft, simulation: { ...draft.simulation, ...parameters.simulation } };
  const pkg = parseReleasePackage({
    schemaVersion: 1,
    chainId,
    safe,
    guard,
    title: parameters.title ?? ticket,
    description: parameters.description ?? '',
    kind,
    ticket,
    notBefore: Number(notBefore),
    expiry: Number(expiry),
    ...(rollback ? { rollback } : {}),
    evidence: evidenceHash(evidence),
    phases: packagePhases(built, { response, soak }),
    [upgradePackageExtension]: { ...parameters.extension, proxies },
  });
  return {
    pkg,
    evidence,
    manifestId: manifestId({ manifest: toManifest(pkg), chainId: pkg.chainId, guard }),
    proxies,
    detected: detectedByPhase,
    steps: built.reduce((total, phase) => total + phase.steps.length, 0),
  };
}

export { CheckViewError };

/**
 * The package JSON of built phases (the guard's `Step` and `Check` shapes): every check with `response`, `soak` after
 * each phase but the last. What `buildUpgradePackage` and the importers put in `phases` before `parseReleasePackage`.
 *
 * @example
 * parseReleasePackage({ …, phases: packagePhases([{ steps, checks }], { response: 'rollback', soak: 3600n }) });
 */
export function packagePhases(
  built: readonly { steps: readonly Step[]; checks: readonly Check[] }[],
  { response, soak }: { response: StopResponseName; soak: bigint },
) {
  return built.map((phase, p) => ({
    steps: phase.steps.map((step) => ({
      to: step.to,
      value: step.value.toString(),
      operation: step.operation === 1 ? 'delegatecall' : 'call',
      data: step.data,
    })),
    checks: phase.checks.map((check) => ({
      kind: check.kind === 1 ? 'codeHash' : 'resultHash',
      target: check.target,
      data: check.data,
      expected: check.expected,
      response,
    })),
    minSoak: p < built.length - 1 ? soak.toString() : 0,
  }));
}

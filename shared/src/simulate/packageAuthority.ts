import { type Address, type PublicClient, getAddress } from 'viem';

import type { AuthorityHolding } from '../authority/holdings.js';
import { authorityMap } from '../authority/authorityMap.js';
import type { AuthorityFinding, ProxyAuthority } from '../authority/types.js';
import { readManifestView } from '../gate/readChainState.js';
import { manifestGuardAbi } from '../generated/manifestGuard.js';
import { type GuardConfig, type Step, ManifestStatus } from '../guard/manifest.js';
import { manifestId } from '../hashing/manifestId.js';
import type { ReleasePackage } from '../package/schema.js';
import { toManifest } from '../package/toManifest.js';
import { type AuthorityChangeSummary, authorityChangeSummary, simulateAuthorityEffects } from './authorityEffects.js';

export type PackageAuthorityParameters = {
  publicClient: PublicClient;
  /** The RPC to fork (the same chain as `publicClient`). */
  rpcUrl: string;
  pkg: ReleasePackage;
  /** The proxies to map (may be empty: the touched contracts are compared anyway). */
  proxies: readonly Address[];
  declared?: readonly Address[];
  /** AccessControl roles to map besides the upgrade roles (`authorityMap`'s `roles`; default MINTER_ROLE). */
  roles?: readonly string[];
  port?: number;
};

/** Who can upgrade the package's proxies now and after its remaining steps, and what the steps change (JSON). */
export type PackageAuthorityReport = {
  safe: Address;
  /** Now: the authority map of the proxies. */
  proxies: ProxyAuthority[];
  findings: AuthorityFinding[];
  after: {
    /** The steps run on the fork (those the guard's cursor has not passed), as `phase.step`. */
    steps: string[];
    proxies: ProxyAuthority[];
    findings: AuthorityFinding[];
    /** Who holds authority over every compared contract after the steps. */
    holdings: AuthorityHolding[];
  };
  changes: AuthorityChangeSummary;
};

/**
 * The authority map of a package's proxies now, and after its remaining steps run on a fork as the Safe
 * (`simulateAuthorityEffects`): the proxies' map after, who holds authority over every contract the steps touch
 * before and after, and the findings (authority that leaves the Safe, authority outside the declared set). The
 * steps already executed (the guard's cursor) are not run again.
 *
 * @throws {RpcUnreachableError} when the chain does not answer.
 * @throws {SimulationError} when the fork cannot be run.
 *
 * @example
 * const report = await packageAuthority({ publicClient, rpcUrl, pkg, proxies });
 * report.changes.findings; // [{ kind: 'authorityLeftSafe', contract: proxyAdmin, holder: '0x…', … }]
 */
export async function packageAuthority(parameters: PackageAuthorityParameters): Promise<PackageAuthorityReport> {
  const { publicClient, rpcUrl, pkg, proxies } = parameters;
  const safe = getAddress(pkg.safe);
  const before = await authorityMap({ publicClient, proxies, safe, roles: parameters.roles });
  const manifest = toManifest(pkg);
  const id = manifestId({ manifest, chainId: pkg.chainId, guard: pkg.guard });
  const view = await readManifestView(publicClient, pkg.guard, id).catch(() => undefined);
  const remaining: { label: string; step: Step }[] = [];
  const done =
    view?.status === ManifestStatus.Completed ||
    view?.status === ManifestStatus.Halted ||
    view?.status === ManifestStatus.Cancelled;
  if (!done) {
    const from = view && view.status !== ManifestStatus.None ? view : { currentPhase: 0, nextStep: 0 };
    manifest.phases.forEach((phase, p) =>
      phase.steps.forEach((step, s) => {
        if (p > from.currentPhase || (p === from.currentPhase && s >= from.nextStep)) {
          remaining.push({ label: `${p}.${s}`, step });
        }
      }),
    );
  }
  const config = (await publicClient
    .readContract({ address: pkg.guard, abi: manifestGuardAbi, functionName: 'getConfig' })
    .catch(() => undefined)) as GuardConfig | undefined;
  const effects = await simulateAuthorityEffects({
    rpcUrl,
    port: parameters.port,
    safe,
    calls: remaining.map(({ step }) => step),
    proxies,
    declared: parameters.declared,
    roles: parameters.roles,
    multiSendCallOnly: config?.multiSendCallOnly,
  });
  return {
    safe,
    proxies: before.proxies,
    findings: before.findings,
    after: {
      steps: remaining.map(({ label }) => label),
      proxies: effects.authorityMapAfter?.proxies ?? [],
      findings: effects.authorityMapAfter?.findings ?? [],
      holdings: effects.after.holdings,
    },
    changes: authorityChangeSummary(effects),
  };
}

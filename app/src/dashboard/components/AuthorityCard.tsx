import { type Address, type PublicClient, getAddress } from 'viem';

import {
  type AuthorityMap,
  type AuthorityPath,
  authorityMap,
  describeHolder,
  touchedContracts,
} from '../../../../shared/src/index.js';
import { type ManifestEntry, registeredManifest } from '../../guard/readGuard.js';
import { ErrorNotice } from '../../ui/ErrorNotice.js';
import { Short } from '../../ui/Hash.js';
import { Progress } from '../../ui/Progress.js';
import { useAsync } from '../../ui/useAsync.js';

/**
 * The authority map of every proxy the registered manifests touch (read from each manifest's `register`
 * transaction): who can upgrade it, through which path, what kind of account finally decides, and the flags the gate
 * holds on (an EOA, a 1-of-N Safe, a Safe without Manifest Guard, a path that does not end in the Safe). A beacon the
 * steps upgrade stands for its proxies (its owner upgrades them all); other contracts the steps touch that are not
 * proxies (a ProxyAdmin) are left out: they appear on their proxy's path.
 *
 * @throws {RpcUnreachableError} when the node does not answer.
 *
 * @example
 * const map = await readManifestAuthority(client, safe, overview.manifests);
 */
export async function readManifestAuthority(
  client: PublicClient,
  safe: Address,
  manifests: readonly ManifestEntry[],
): Promise<AuthorityMap> {
  const full = await Promise.all(
    manifests.map((entry) => registeredManifest(client, entry.registeredIn).catch(() => undefined)),
  );
  const steps = full.flatMap((manifest) => manifest?.phases.flatMap((phase) => phase.steps) ?? []);
  const touched = touchedContracts(
    steps.map((step) => ({ to: step.to, data: step.data, operation: Number(step.operation) })),
    safe,
  ).filter((address) => address !== getAddress(safe));
  const map = await authorityMap({ publicClient: client, proxies: touched, safe });
  return {
    ...map,
    proxies: map.proxies.filter((entry) => entry.kind !== 'unknown'),
    findings: map.findings.filter((finding) => finding.kind !== 'unknownProxy'),
  };
}

/** Who can upgrade each proxy the registered manifests touch, each holder's class, and the gate's flags. */
export default function AuthorityCard({
  client,
  safe,
  manifests,
}: {
  client: PublicClient;
  safe: Address;
  manifests: readonly ManifestEntry[];
}) {
  // New blocks give a new overview: read again only when the set of manifests changes.
  const key = manifests.map((entry) => `${entry.id}:${entry.registeredIn ?? ''}`).join(',');
  const map = useAsync(() => readManifestAuthority(client, safe, manifests), [client, safe, key]);
  return (
    <div className="card" data-testid="authority-card">
      <h2>Who can upgrade</h2>
      {map.status === 'loading' && (
        <Progress message="Reading who can upgrade each proxy…" testId="authority-loading" />
      )}
      {map.status === 'error' && <ErrorNotice error={map.error} testId="authority-error" />}
      {map.status === 'done' && map.value.proxies.length === 0 && (
        <p data-testid="authority-none">No registered manifest touches a proxy yet.</p>
      )}
      {map.status === 'done' && map.value.proxies.length > 0 && (
        <>
          <ul className="authority-list">
            {map.value.proxies.map((entry) => (
              <li key={entry.proxy} data-testid="authority-proxy" data-proxy={entry.proxy}>
                <Short value={entry.proxy} /> (
                {entry.kind === 'upgradeableBeacon' ? 'beacon: its owner upgrades every proxy behind it' : entry.kind})
                <ul>
                  {entry.paths.map((path, index) => (
                    <PathLine key={index} path={path} />
                  ))}
                </ul>
              </li>
            ))}
          </ul>
          {map.value.findings.length === 0 ? (
            <p className="notice notice-ok" data-testid="authority-clean">
              The Safe, guarded by Manifest Guard, is the only authority.
            </p>
          ) : (
            <ul className="notice notice-error" data-testid="authority-flags">
              {map.value.findings.map((finding, index) => (
                <li key={index} data-testid="authority-flag" data-kind={finding.kind} data-proxy={finding.proxy}>
                  {finding.message}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}

function PathLine({ path }: { path: AuthorityPath }) {
  return (
    <li data-testid="authority-path" data-via={path.via} data-holder-kind={path.holder?.kind ?? 'none'}>
      {path.via}
      {path.role ? ` ${path.role.name}` : ''}:{' '}
      {path.holders.length === 0
        ? 'nobody resolved'
        : path.holders.map((holder, index) => (
            <span key={holder}>
              {index > 0 && ' → '}
              <Short value={holder} />
            </span>
          ))}
      {path.isSafe && ' (the Safe)'}
      {path.holder && <span data-testid="authority-holder"> — {describeHolder(path.holder)}</span>}
    </li>
  );
}

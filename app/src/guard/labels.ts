import { Lane, ManifestKind, ManifestStatus } from '../../../shared/src/index.js';

export const kindLabel = (kind: number): string =>
  Object.entries(ManifestKind).find(([, value]) => value === kind)?.[0] ?? `kind ${kind}`;

export const laneLabel = (lane: number): 'routine' | 'privileged' =>
  lane === Lane.Privileged ? 'privileged' : 'routine';

export const statusLabel = (status: number): string =>
  Object.entries(ManifestStatus).find(([, value]) => value === status)?.[0] ?? `status ${status}`;

/**
 * A status that has not ended the manifest (registered or approved), for display: whether its next step may run is
 * the guard's answer (`manifestState(id).open`, else `reason`), never worked out from the status.
 */
export const isPending = (status: number): boolean =>
  status === ManifestStatus.Registered || status === ManifestStatus.Approved;

import { Lane, ManifestKind, ManifestStatus } from '../../../shared/src/guard/manifest.js';

export const kindLabel = (kind: number): string =>
  Object.entries(ManifestKind).find(([, value]) => value === kind)?.[0] ?? `kind ${kind}`;

export const laneLabel = (lane: number): 'routine' | 'privileged' =>
  lane === Lane.Privileged ? 'privileged' : 'routine';

export const statusLabel = (status: number): string =>
  Object.entries(ManifestStatus).find(([, value]) => value === status)?.[0] ?? `status ${status}`;

/** A manifest whose steps may still run. */
export const isLive = (status: number): boolean =>
  status === ManifestStatus.Registered || status === ManifestStatus.Approved;

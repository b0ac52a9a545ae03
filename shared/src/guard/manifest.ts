import type { AbiParametersToPrimitiveTypes, ExtractAbiFunction } from 'abitype';
import type { ContractFunctionReturnType } from 'viem';

import type { manifestGuardAbi } from '../generated/manifestGuard.js';

/** A manifest exactly as the guard's ABI takes it (`register`, `manifestId`). */
export type Manifest = AbiParametersToPrimitiveTypes<
  ExtractAbiFunction<typeof manifestGuardAbi, 'register'>['inputs']
>[0];
/** One canary phase of a manifest. */
export type Phase = Manifest['phases'][number];
/** One Safe transaction of a phase. */
export type Step = Phase['steps'][number];
/** A post-execution check. */
export type Check = Phase['checks'][number];
/** An entry condition. */
export type Condition = Phase['conditions'][number];
/** The guard's configuration as its ABI takes it. */
export type GuardConfig = AbiParametersToPrimitiveTypes<
  ExtractAbiFunction<typeof manifestGuardAbi, 'configure'>['inputs']
>[0];

/** A manifest's stored record as the guard's `getManifest(id)` returns it (`IManifestGuardTypes.ManifestView`). */
export type ManifestView = ContractFunctionReturnType<typeof manifestGuardAbi, 'view', 'getManifest'>;

/** `ManifestKind` of the guard. */
export const ManifestKind = { Release: 0, Rollback: 1, Emergency: 2 } as const;
/** `Lane` of the guard. */
export const Lane = { Routine: 0, Privileged: 1 } as const;
/** `ManifestStatus` of the guard. */
export const ManifestStatus = {
  None: 0,
  Registered: 1,
  Approved: 2,
  Completed: 3,
  Halted: 4,
  Cancelled: 5,
} as const;
/** `CheckKind` of the guard. */
export const CheckKind = { ResultHash: 0, CodeHash: 1 } as const;
/** `StopResponse` of the guard. */
export const StopResponse = { Rollback: 0, Contain: 1, Observe: 2 } as const;

export const laneName = (lane: number): string => (lane === Lane.Privileged ? 'privileged' : 'routine');
export const statusName = (status: number): string =>
  Object.entries(ManifestStatus).find(([, value]) => value === status)?.[0] ?? `unknown(${status})`;

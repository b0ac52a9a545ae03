/**
 * What a signer reads on a clear-signing device for each call of the guard and for the EIP-712 approval: the intents,
 * labels and formats that `generate-clear-signing.ts` turns into ERC-7730 descriptors. Paths name ABI parameters
 * (dot notation, `.[]` for each element of an array); `descriptors.test.ts` checks that each one resolves.
 */

/** One line the device shows: the value at `path`, under `label`, formatted as `format`. */
export type FieldWords = {
  path: string;
  label: string;
  format: 'raw' | 'addressName' | 'date' | 'duration' | 'enum' | 'amount' | 'calldata';
  /** For `enum`: the key of `metadata.enums`. For `calldata`: the path of the callee. */
  enumName?: string;
  calleePath?: string;
};

export type FunctionWords = {
  intent: string;
  fields: readonly FieldWords[];
  /** Parameters deliberately not shown (`excluded` in the descriptor), with the reason in `excludedBecause`. */
  excluded?: readonly string[];
  excludedBecause?: string;
};

/** The enums the guard's calls carry, by value, as `metadata.enums` of the descriptor. */
export const guardEnums = {
  manifestKind: { '0': 'Release', '1': 'Rollback', '2': 'Emergency' },
  operation: { '0': 'Call', '1': 'Delegatecall' },
} as const;

const manifestFields = (root: string): FieldWords[] => [
  { path: `${root}.kind`, label: 'Manifest kind', format: 'enum', enumName: 'manifestKind' },
  { path: `${root}.ticket`, label: 'Change ticket', format: 'raw' },
  { path: `${root}.notBefore`, label: 'Not executable before', format: 'date' },
  { path: `${root}.expiry`, label: 'Expires', format: 'date' },
  { path: `${root}.rollback`, label: 'Rollback manifest id', format: 'raw' },
  { path: `${root}.evidence`, label: 'Evidence hash', format: 'raw' },
  { path: `${root}.phases.[].steps.[].to`, label: 'Step target', format: 'addressName' },
  { path: `${root}.phases.[].steps.[].value`, label: 'Step value', format: 'amount' },
  { path: `${root}.phases.[].steps.[].operation`, label: 'Step operation', format: 'enum', enumName: 'operation' },
  {
    path: `${root}.phases.[].steps.[].data`,
    label: 'Step call',
    format: 'calldata',
    calleePath: `${root}.phases.[].steps.[].to`,
  },
  { path: `${root}.phases.[].minSoak`, label: 'Soak after phase', format: 'duration' },
];
const manifestExcluded = (root: string) => [`${root}.phases.[].checks`, `${root}.phases.[].conditions`];
const manifestExcludedBecause =
  'post-execution checks and entry conditions are hashed into the manifest id; review them in the package (`manifest-guard validate`)';

const configFields: FieldWords[] = [
  { path: 'config.proposers.[]', label: 'Proposer', format: 'addressName' },
  { path: 'config.approvers.[]', label: 'Approver', format: 'addressName' },
  { path: 'config.executors.[]', label: 'Executor', format: 'addressName' },
  { path: 'config.guardians.[]', label: 'Guardian', format: 'addressName' },
  { path: 'config.routineThreshold', label: 'Approvals for routine', format: 'raw' },
  { path: 'config.privilegedThreshold', label: 'Approvals for privileged', format: 'raw' },
  { path: 'config.routineDelay', label: 'Routine delay', format: 'duration' },
  { path: 'config.privilegedDelay', label: 'Privileged delay', format: 'duration' },
  { path: 'config.maxFreeze', label: 'Longest freeze', format: 'duration' },
  { path: 'config.freezeCooldown', label: 'Freeze cooldown', format: 'duration' },
  { path: 'config.multiSendCallOnly', label: 'MultiSendCallOnly', format: 'addressName' },
  { path: 'config.authorities.[]', label: 'Authority contract', format: 'addressName' },
  { path: 'config.privilegedSelectors.[]', label: 'Privileged selector', format: 'raw' },
  { path: 'config.containmentSelectors.[]', label: 'Containment selector', format: 'raw' },
];

/** The guard's state-changing functions a signer may sign (directly, or as the inner call of a Safe transaction). */
export const guardFunctionWords: Record<string, FunctionWords> = {
  register: {
    intent: 'Register release manifest',
    fields: manifestFields('manifest'),
    excluded: manifestExcluded('manifest'),
    excludedBecause: manifestExcludedBecause,
  },
  reclassify: {
    intent: 'Recompute manifest lane',
    fields: manifestFields('manifest'),
    excluded: manifestExcluded('manifest'),
    excludedBecause: manifestExcludedBecause,
  },
  approve: { intent: 'Approve release manifest', fields: [{ path: 'id', label: 'Manifest id', format: 'raw' }] },
  approveBySig: {
    intent: 'Submit signed manifest approval',
    fields: [
      { path: 'id', label: 'Manifest id', format: 'raw' },
      { path: 'approver', label: 'Approver', format: 'addressName' },
    ],
    excluded: ['signature'],
    excludedBecause: "the approver's signature is checked by the guard, not read by people",
  },
  cancel: { intent: 'Cancel release manifest', fields: [{ path: 'id', label: 'Manifest id', format: 'raw' }] },
  attestContinue: {
    intent: 'Attest: continue to next phase',
    fields: [
      { path: 'id', label: 'Manifest id', format: 'raw' },
      { path: 'phase', label: 'Phase to open (0 is the first)', format: 'raw' },
      { path: 'metricsHash', label: 'Metrics hash', format: 'raw' },
    ],
  },
  halt: { intent: 'Halt release manifest', fields: [{ path: 'id', label: 'Manifest id', format: 'raw' }] },
  reinstate: {
    intent: 'Reinstate halted manifest',
    fields: [{ path: 'id', label: 'Manifest id', format: 'raw' }],
  },
  freeze: { intent: 'Freeze the Safe', fields: [{ path: 'duration', label: 'Freeze for', format: 'duration' }] },
  liftFreeze: { intent: 'Vote to lift the freeze', fields: [] },
  configure: { intent: 'Change guard configuration', fields: configFields },
  initialize: { intent: 'Set first guard configuration', fields: configFields },
};

/**
 * State-changing functions of the ABI that have no format, and why: nobody signs them, the Safe calls them itself while
 * it executes a module transaction.
 */
export const guardFunctionsLeftOut: Record<string, string> = {
  checkModuleTransaction: 'a hook the Safe calls while executing a module transaction; no signer sends it',
  checkAfterModuleExecution: 'a hook the Safe calls after a module transaction; no signer sends it',
};

/** The EIP-712 approval (`approve --sign`): what the approver reads. */
export const approvalWords: FunctionWords = {
  intent: 'Approve release manifest',
  fields: [{ path: 'manifestId', label: 'Manifest id', format: 'raw' }],
};

/** Chain id of a local development chain (Anvil, Hardhat): only there does the app offer the dev accounts. */
export const localChainId = 31337;

/** The local desk's people by Anvil mnemonic index (as shared/devkit/devnet/accounts.ts assigns them). */
export const devAccountLabels: readonly string[] = [
  'owner 1',
  'owner 2',
  'owner 3',
  'proposer',
  'approver 1',
  'approver 2',
  'executor',
  'guardian',
  'account 8',
  'deployer',
];

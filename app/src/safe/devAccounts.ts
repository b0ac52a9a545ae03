import type { HDAccount } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';

import { DEV_MNEMONIC } from '../../../shared/src/devnet/accounts.js';

/** Chain id of a local development chain (Anvil, Hardhat): only there does the app offer the dev accounts. */
export const localChainId = 31337;

/** The local desk's people by Anvil mnemonic index (as shared/src/devnet/accounts.ts assigns them). */
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

/**
 * The Anvil development account at `index` (test mnemonic). These keys exist only on local chains.
 *
 * @example
 * const executor = devAccount(6);
 */
export function devAccount(index: number): HDAccount {
  return mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index });
}

import type { HDAccount } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';

import { ANVIL_MNEMONIC } from '../../../shared/src/index.js';

/**
 * The Anvil development account at `index` (test mnemonic). These keys exist only on local chains; the module is
 * loaded only when a dev account is chosen, so the mnemonic code stays out of the first bundle.
 *
 * @example
 * const executor = devAccount(6);
 */
export function devAccount(index: number): HDAccount {
  return mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: index });
}

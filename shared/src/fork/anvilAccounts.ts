import { type HDAccount, mnemonicToAccount } from 'viem/accounts';

/**
 * Anvil's well-known development mnemonic: every Anvil (and every fork Anvil makes) funds its first accounts from
 * it. These keys exist only on local chains; never fund them elsewhere.
 */
export const ANVIL_MNEMONIC = 'test test test test test test test test test test test junk';

/**
 * The Anvil development account at `index` (0-9 are funded).
 *
 * @example
 * const funder = anvilAccount(9);
 */
export function anvilAccount(index: number): HDAccount {
  return mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: index });
}

import { type HDAccount, mnemonicToAccount } from 'viem/accounts';

/**
 * Anvil's well-known development mnemonic. These keys exist only on local chains; never fund them elsewhere.
 */
export const DEV_MNEMONIC = 'test test test test test test test test test test test junk';

/** The local desk's people: three Safe owners and one holder for each guard role, all distinct. */
export type DeskAccounts = {
  owners: [HDAccount, HDAccount, HDAccount];
  proposer: HDAccount;
  approvers: [HDAccount, HDAccount];
  executor: HDAccount;
  guardian: HDAccount;
  deployer: HDAccount;
};

const account = (index: number) => mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index });

/** The desk's accounts, derived from `DEV_MNEMONIC` (indices 0-7 and 9). */
export function deskAccounts(): DeskAccounts {
  return {
    owners: [account(0), account(1), account(2)],
    proposer: account(3),
    approvers: [account(4), account(5)],
    executor: account(6),
    guardian: account(7),
    deployer: account(9),
  };
}

/** Human names for the printed role table. */
export const deskPeople = {
  owners: ['Olivia (owner)', 'Omar (owner)', 'Oksana (owner)'],
  proposer: 'Priya (proposer)',
  approvers: ['Arun (approver)', 'Amara (approver)'],
  executor: 'Ezra (executor)',
  guardian: 'Gita (guardian)',
} as const;

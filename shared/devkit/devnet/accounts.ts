import { type Hex, bytesToHex } from 'viem';
import type { HDAccount } from 'viem/accounts';

import { ANVIL_MNEMONIC, anvilAccount } from '../../src/fork/anvilAccounts.js';

/** Anvil's well-known development mnemonic (the desk's accounts come from it). */
export const DEV_MNEMONIC = ANVIL_MNEMONIC;

/** The local desk's people: three Safe owners and one holder for each guard role, all distinct. */
export type DeskAccounts = {
  owners: [HDAccount, HDAccount, HDAccount];
  proposer: HDAccount;
  approvers: [HDAccount, HDAccount];
  executor: HDAccount;
  guardian: HDAccount;
  deployer: HDAccount;
};

const account = anvilAccount;

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

/** The raw private key of a desk account (for `MANIFEST_GUARD_PRIVATE_KEY`; local development keys only). */
export const privateKeyOf = (account: HDAccount): Hex => bytesToHex(account.getHdKey().privateKey!);

import type { Address, Hex } from 'viem';

import type { SafeCall, SafeState } from './connection.js';

/** A proposal of the service-free path, kept in this browser so its signers can find it again. */
export type LocalProposal = { safe: Address; chainId: number; safeTxHash: Hex; call: SafeCall; nonce: bigint };

const key = 'manifest-guard:local-queue';

type Stored = {
  safe: Address;
  chainId: number;
  safeTxHash: Hex;
  call: Omit<SafeCall, 'value'> & { value: string };
  nonce: string;
};

function load(): Stored[] {
  try {
    return JSON.parse(localStorage.getItem(key) ?? '[]') as Stored[];
  } catch {
    return [];
  }
}

/** The service-free queue: proposals approved on chain with `approveHash`, remembered in localStorage. */
export const localQueue = {
  record(proposal: LocalProposal): void {
    const rest = load().filter((entry) => entry.safeTxHash !== proposal.safeTxHash);
    const call = { ...proposal.call, value: proposal.call.value.toString() };
    rest.push({ ...proposal, call, nonce: proposal.nonce.toString() });
    localStorage.setItem(key, JSON.stringify(rest));
  },
  get(safeTxHash: Hex): { call: SafeCall; nonce: bigint } | undefined {
    const entry = load().find((item) => item.safeTxHash.toLowerCase() === safeTxHash.toLowerCase());
    if (!entry) return undefined;
    return { call: { ...entry.call, value: BigInt(entry.call.value) }, nonce: BigInt(entry.nonce) };
  },
  /** The proposals of this Safe on this chain still waiting (from the Safe's nonce on). */
  waiting(state: SafeState): Hex[] {
    return load()
      .filter((entry) => entry.safe === state.safe && entry.chainId === state.chainId)
      .filter((entry) => BigInt(entry.nonce) >= state.nonce)
      .map((entry) => entry.safeTxHash);
  },
  /** The Safe's nonce, or one past the highest nonce still waiting in this browser. */
  nextNonce(state: SafeState): bigint {
    const waiting = load()
      .filter((entry) => entry.safe === state.safe && entry.chainId === state.chainId)
      .map((entry) => BigInt(entry.nonce))
      .filter((nonce) => nonce >= state.nonce);
    return waiting.reduce((next, nonce) => (nonce >= next ? nonce + 1n : next), state.nonce);
  },
};

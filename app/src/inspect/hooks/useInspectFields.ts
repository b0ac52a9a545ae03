import { useState } from 'react';

import type { GuardOverview } from '../../guard/readGuard.js';
import { useConnection } from '../../safe/useSafeAppsSdk.js';
import { isExecutor } from '../inspectTransaction.js';

/** What the inspect form holds: a safeTxHash, or a pasted transaction; the executor; an evidence packet. */
export type InspectFields = {
  mode: 'hash' | 'paste';
  safeTxHash: string;
  to: string;
  value: string;
  data: string;
  operation: string;
  nonce: string;
  executor: string;
  evidenceText: string;
};

/** Sets one field of the inspect form. */
export type SetInspectField = <K extends keyof InspectFields>(key: K, value: InspectFields[K]) => void;

/**
 * The inspect form, first filled from the URL (`safeTxHash`, or `to`, `value`, `data`, `operation`, `nonce`), with
 * the connected wallet as executor when it is one (no executor on a Safe without the guard: `overview` undefined).
 *
 * @example
 * const [fields, set] = useInspectFields(overview, params);
 */
export function useInspectFields(overview: GuardOverview | undefined, params: URLSearchParams) {
  const connection = useConnection();
  const walletAddress = connection.wallet
    ? typeof connection.wallet.account === 'string'
      ? connection.wallet.account
      : connection.wallet.account.address
    : undefined;
  const [fields, setFields] = useState<InspectFields>(() => ({
    mode: params.get('to') ? 'paste' : 'hash',
    safeTxHash: params.get('safeTxHash') ?? '',
    to: params.get('to') ?? '',
    value: params.get('value') ?? '0',
    data: params.get('data') ?? '0x',
    operation: params.get('operation') === '1' ? '1' : '0',
    nonce: params.get('nonce') ?? connection.state.nonce.toString(),
    executor: overview && isExecutor(overview, walletAddress) ? walletAddress! : (overview?.config.executors[0] ?? ''),
    evidenceText: '',
  }));
  const set: SetInspectField = (key, value) => setFields((previous) => ({ ...previous, [key]: value }));
  return [fields, set] as const;
}

import { getAddress, isAddress } from 'viem';

import type { SignerChoice, StandaloneSettings } from './standaloneConnection.js';

const key = 'manifest-guard:standalone';

/** The default RPC of standalone mode (the local desk), overridable with `VITE_RPC_URL`. */
export const defaultRpcUrl: string = import.meta.env.VITE_RPC_URL ?? 'http://127.0.0.1:8545';

/** Standalone settings from the URL (`?rpc=&safe=&signer=dev:6&txService=`) or, failing that, this browser. */
export function loadStandaloneSettings(): StandaloneSettings | undefined {
  const query = new URLSearchParams(window.location.search);
  let stored: Partial<StandaloneSettings> = {};
  try {
    stored = JSON.parse(localStorage.getItem(key) ?? '{}') as Partial<StandaloneSettings>;
  } catch {
    stored = {};
  }
  const safe = query.get('safe') ?? stored.safe;
  return {
    rpcUrl: query.get('rpc') ?? stored.rpcUrl ?? defaultRpcUrl,
    safe: (safe && isAddress(safe) ? getAddress(safe) : undefined) as StandaloneSettings['safe'],
    signer: parseSigner(query.get('signer')) ?? stored.signer ?? { kind: 'none' },
    txServiceUrl: query.get('txService') ?? stored.txServiceUrl ?? '',
  };
}

export function saveStandaloneSettings(settings: StandaloneSettings): void {
  localStorage.setItem(key, JSON.stringify(settings));
}

function parseSigner(text: string | null): SignerChoice | undefined {
  if (!text) return undefined;
  if (text === 'injected') return { kind: 'injected' };
  if (text === 'none') return { kind: 'none' };
  const match = /^dev:(\d+)$/.exec(text);
  return match ? { kind: 'dev', index: Number(match[1]) } : undefined;
}

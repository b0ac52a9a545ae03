import { type FormEvent, useState } from 'react';
import { getAddress, isAddress } from 'viem';

import { ErrorNotice } from '../ui/ErrorNotice.js';
import { devAccountLabels } from './devAccounts.js';
import type { SignerChoice, StandaloneSettings } from './standaloneConnection.js';
import { defaultRpcUrl } from './standaloneSettings.js';
import { useSafeAppsSdk } from './useSafeAppsSdk.js';

/** Standalone mode: which node, which Safe, who signs, which Transaction Service (or none: approveHash on chain). */
export function ConnectStandalone({ settings, error }: { settings?: StandaloneSettings; error?: unknown }) {
  const { connect } = useSafeAppsSdk();
  const [rpcUrl, setRpcUrl] = useState(settings?.rpcUrl ?? defaultRpcUrl);
  const [safe, setSafe] = useState<string>(settings?.safe ?? '');
  const [signer, setSigner] = useState(signerValue(settings?.signer));
  const [txServiceUrl, setTxServiceUrl] = useState(settings?.txServiceUrl ?? '');
  const safeValid = isAddress(safe.trim());

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!safeValid) return;
    void connect({
      rpcUrl: rpcUrl.trim(),
      safe: getAddress(safe.trim()),
      signer: parseSignerValue(signer),
      txServiceUrl,
    });
  };

  return (
    <form className="card" onSubmit={submit} data-testid="standalone-form">
      <h2>Open a Safe</h2>
      <p>
        Inside Safe{'{'}Wallet{'}'} this app connects by itself. Standalone, tell it where the Safe is and who signs.
      </p>
      {error !== undefined && <ErrorNotice error={error} testId="standalone-error" />}
      <label>
        RPC URL
        <input value={rpcUrl} onChange={(e) => setRpcUrl(e.target.value)} data-testid="rpc-url" required />
      </label>
      <label>
        Safe address
        <input
          value={safe}
          onChange={(e) => setSafe(e.target.value)}
          placeholder="0x…"
          aria-invalid={safe !== '' && !safeValid}
          data-testid="safe-input"
          required
        />
      </label>
      {safe !== '' && !safeValid && <p className="field-error">Not an address: paste the Safe’s 0x… address.</p>}
      <label>
        Signer
        <select value={signer} onChange={(e) => setSigner(e.target.value)} data-testid="signer-select">
          <option value="none">none (read only)</option>
          <option value="injected">injected wallet (MetaMask, Rabby…)</option>
          <optgroup label="Local chain (31337) dev accounts, Anvil mnemonic">
            {devAccountLabels.map((label, index) => (
              <option key={index} value={`dev:${index}`}>
                {index}: {label}
              </option>
            ))}
          </optgroup>
        </select>
      </label>
      <label>
        Safe Transaction Service URL (optional)
        <input
          value={txServiceUrl}
          onChange={(e) => setTxServiceUrl(e.target.value)}
          placeholder="empty: owners approve on chain with approveHash"
          data-testid="tx-service-url"
        />
      </label>
      <button type="submit" disabled={!safeValid} data-testid="connect">
        Connect
      </button>
    </form>
  );
}

function signerValue(signer: SignerChoice | undefined): string {
  if (!signer || signer.kind === 'none') return 'none';
  return signer.kind === 'injected' ? 'injected' : `dev:${signer.index}`;
}

function parseSignerValue(value: string): SignerChoice {
  if (value === 'injected') return { kind: 'injected' };
  if (value.startsWith('dev:')) return { kind: 'dev', index: Number(value.slice(4)) };
  return { kind: 'none' };
}

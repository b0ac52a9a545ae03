import { type FormEvent, useState } from 'react';
import { type Address, type Hex, getAddress, isAddress, isHash, isHex } from 'viem';

import type { GuardOverview } from '../guard/readGuard.js';
import { useGuardStatus } from '../guard/useGuard.js';
import type { QueuedTransaction, SafeCall } from '../safe/connection.js';
import { useConnection } from '../safe/useSafeAppsSdk.js';
import { ErrorNotice } from '../ui/ErrorNotice.js';
import { Progress } from '../ui/Progress.js';
import { useAction } from '../ui/useAsync.js';
import { InvalidFieldError, UnknownSafeTxHashError } from './errors.js';
import { type Inspection, inspectTransaction, isExecutor } from './inspectTransaction.js';
import { InspectionView } from './InspectionView.js';

/** The signer's screen: what a pending Safe transaction does and whether the guard will let it through. */
export default function Inspect({ params }: { params: URLSearchParams }) {
  const connection = useConnection();
  const guard = useGuardStatus(connection);
  if (guard.status === 'loading') return <Progress message="Reading the guard…" />;
  if (guard.status === 'error') return <ErrorNotice error={guard.error} />;
  if (guard.value.kind !== 'manifest-guard') {
    return (
      <div className="notice notice-warning" data-testid="inspect-no-guard">
        <strong>This Safe has no Manifest Guard.</strong>
        <p>
          Every transaction the owners sign can execute; there is no manifest to check it against. Install the guard
          first.
        </p>
      </div>
    );
  }
  return <InspectForm overview={guard.value.overview} params={params} />;
}

function InspectForm({ overview, params }: { overview: GuardOverview; params: URLSearchParams }) {
  const connection = useConnection();
  const { state } = connection;
  const walletAddress = connection.wallet
    ? typeof connection.wallet.account === 'string'
      ? connection.wallet.account
      : connection.wallet.account.address
    : undefined;
  const [mode, setMode] = useState<'hash' | 'paste'>(params.get('to') ? 'paste' : 'hash');
  const [safeTxHash, setSafeTxHash] = useState(params.get('safeTxHash') ?? '');
  const [to, setTo] = useState(params.get('to') ?? '');
  const [value, setValue] = useState(params.get('value') ?? '0');
  const [data, setData] = useState(params.get('data') ?? '0x');
  const [operation, setOperation] = useState(params.get('operation') === '1' ? '1' : '0');
  const [nonce, setNonce] = useState(params.get('nonce') ?? state.nonce.toString());
  const [executor, setExecutor] = useState<string>(
    isExecutor(overview, walletAddress) ? walletAddress! : (overview.config.executors[0] ?? ''),
  );
  const [evidenceText, setEvidenceText] = useState('');
  const [result, setResult] = useState<{ inspection: Inspection; queued?: QueuedTransaction }>();
  const action = useAction();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setResult(undefined);
    void action.run('Inspecting the transaction…', async (step) => {
      let call: SafeCall;
      let txNonce: bigint;
      let queued: QueuedTransaction | undefined;
      if (mode === 'hash') {
        const hash = safeTxHash.trim();
        if (!isHash(hash)) throw new InvalidFieldError('safeTxHash', hash, 'a 32-byte hex hash (0x + 64 hex digits)');
        step('Reading the transaction from the queue…');
        queued = await connection.queued(hash as Hex);
        if (!queued) throw new UnknownSafeTxHashError(hash, queueName(connection.mode, connection.txServiceUrl));
        call = queued.call;
        txNonce = queued.nonce;
      } else {
        call = parseCall(to, value, data, operation);
        txNonce = parseBigInt('nonce', nonce);
      }
      const evidencePacket = evidenceText.trim() ? parseJson(evidenceText) : undefined;
      step('Asking the guard (explainTransaction)…');
      const inspection = await inspectTransaction({
        client: connection.client,
        safe: state.safe,
        chainId: state.chainId,
        overview,
        call,
        nonce: txNonce,
        msgSender: getAddress(executor) as Address,
        claimedSafeTxHash: queued?.safeTxHash,
        evidencePacket,
      });
      setResult({ inspection, queued });
    });
  };

  return (
    <section aria-labelledby="inspect-title">
      <h1 id="inspect-title">Inspect a Safe transaction</h1>
      <form className="card" onSubmit={submit} data-testid="inspect-form">
        <fieldset className="row" aria-label="What to inspect">
          <label>
            <span>
              <input
                type="radio"
                name="mode"
                checked={mode === 'hash'}
                onChange={() => setMode('hash')}
                data-testid="mode-hash"
              />{' '}
              By safeTxHash
            </span>
          </label>
          <label>
            <span>
              <input
                type="radio"
                name="mode"
                checked={mode === 'paste'}
                onChange={() => setMode('paste')}
                data-testid="mode-paste"
              />{' '}
              Paste the transaction
            </span>
          </label>
        </fieldset>
        {mode === 'hash' ? (
          <label>
            safeTxHash
            <input
              value={safeTxHash}
              onChange={(e) => setSafeTxHash(e.target.value)}
              placeholder="0x…"
              data-testid="inspect-hash-input"
            />
          </label>
        ) : (
          <>
            <label>
              To
              <input value={to} onChange={(e) => setTo(e.target.value)} placeholder="0x…" data-testid="inspect-to" />
            </label>
            <div className="row">
              <label>
                Value (wei)
                <input value={value} onChange={(e) => setValue(e.target.value)} data-testid="inspect-value" />
              </label>
              <label>
                Operation
                <select
                  value={operation}
                  onChange={(e) => setOperation(e.target.value)}
                  data-testid="inspect-operation"
                >
                  <option value="0">0 call</option>
                  <option value="1">1 delegatecall</option>
                </select>
              </label>
              <label>
                Nonce
                <input value={nonce} onChange={(e) => setNonce(e.target.value)} data-testid="inspect-nonce-input" />
              </label>
            </div>
            <label>
              Data
              <textarea value={data} onChange={(e) => setData(e.target.value)} data-testid="inspect-data" />
            </label>
          </>
        )}
        <label>
          Executor that would send it
          <select value={executor} onChange={(e) => setExecutor(e.target.value)} data-testid="inspect-executor">
            {overview.config.executors.map((address) => (
              <option key={address} value={address}>
                {address}
              </option>
            ))}
          </select>
        </label>
        <label>
          Evidence packet JSON (optional)
          <textarea
            value={evidenceText}
            onChange={(e) => setEvidenceText(e.target.value)}
            data-testid="inspect-evidence-input"
          />
        </label>
        <button type="submit" disabled={action.busy} data-testid="inspect-submit">
          Inspect
        </button>
      </form>
      {action.progress && <Progress message={action.progress} />}
      {action.error !== undefined && <ErrorNotice error={action.error} testId="inspect-error" />}
      {result?.queued && (
        <div className="card" data-testid="inspect-confirmations">
          Confirmations: {result.queued.confirmations.length} of {result.queued.confirmationsRequired}
        </div>
      )}
      {result && <InspectionView inspection={result.inspection} />}
    </section>
  );
}

function queueName(mode: 'safe-app' | 'standalone', txServiceUrl: string | undefined): string {
  if (mode === 'safe-app') return 'The Safe{Wallet} queue';
  return txServiceUrl ? `The Transaction Service at ${txServiceUrl}` : 'This browser’s list of on-chain proposals';
}

function parseCall(to: string, value: string, data: string, operation: string): SafeCall {
  const target = to.trim();
  if (!isAddress(target)) throw new InvalidFieldError('To', target, 'an address (0x + 40 hex digits)');
  const calldata = data.trim() || '0x';
  if (!isHex(calldata) || calldata.length % 2 !== 0)
    throw new InvalidFieldError('Data', calldata, 'hex calldata (0x…, whole bytes)');
  return {
    to: getAddress(target),
    value: parseBigInt('Value', value),
    data: calldata as Hex,
    operation: operation === '1' ? 1 : 0,
  };
}

function parseBigInt(field: string, text: string): bigint {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) throw new InvalidFieldError(field, trimmed, 'a whole number');
  return BigInt(trimmed);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidFieldError('Evidence packet', text, `JSON (${(error as Error).message})`);
  }
}

import { useState } from 'react';
import { type Address, isAddressEqual } from 'viem';

import {
  exportTxBuilderBatch,
  importTxBuilderBatch,
  parseReleasePackage,
  type ReleasePackage,
  serializeReleasePackage,
  toManifest,
} from '../../../../shared/src/index.js';
import { ErrorNotice } from '../../ui/ErrorNotice.js';
import { WrongSafeError } from '../buildUpgrade.js';
import type { AssembleDraft, DraftUpdate } from '../draft.js';

/** Import and export: the release package JSON and the Safe Transaction Builder batch (with its sidecar). */
export function PackageIO({
  pkg,
  phases,
  update,
  target,
}: {
  pkg: ReleasePackage | undefined;
  phases: number;
  update: DraftUpdate;
  /** The connected Safe, guard and chain: an imported package must be for them. */
  target: { safe: Address; guard: Address; chainId: number };
}) {
  const [text, setText] = useState('');
  const [sidecar, setSidecar] = useState('');
  const [error, setError] = useState<unknown>();
  const [phase, setPhase] = useState(0);

  const load = (next: ReleasePackage, evidenceJson?: string) => {
    if (next.chainId !== target.chainId)
      throw new WrongSafeError('chainId', String(next.chainId), String(target.chainId));
    if (!isAddressEqual(next.safe, target.safe)) throw new WrongSafeError('safe', next.safe, target.safe);
    if (!isAddressEqual(next.guard, target.guard)) throw new WrongSafeError('guard', next.guard, target.guard);
    update((draft): AssembleDraft => ({
      title: next.title,
      description: next.description,
      manifest: toManifest(next),
      evidenceJson: evidenceJson ?? draft.evidenceJson,
    }));
  };
  const attempt = (action: () => void) => {
    setError(undefined);
    try {
      action();
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <div className="card" data-testid="package-io">
      <h2>Import and export</h2>
      <label>
        Release package JSON, or a Transaction Builder batch
        <textarea value={text} onChange={(e) => setText(e.target.value)} data-testid="io-text" />
      </label>
      <label>
        Transaction Builder sidecar (with a batch)
        <textarea value={sidecar} onChange={(e) => setSidecar(e.target.value)} data-testid="io-sidecar" rows={3} />
      </label>
      <div className="actions">
        <button
          type="button"
          className="secondary"
          onClick={() => attempt(() => load(parseReleasePackage(text)))}
          data-testid="import-package"
        >
          Import package
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() => attempt(() => load(importTxBuilderBatch({ batch: text, sidecar })))}
          data-testid="import-batch"
        >
          Import batch + sidecar
        </button>
        <button
          type="button"
          className="secondary"
          disabled={!pkg}
          onClick={() => attempt(() => pkg && (setText(serializeReleasePackage(pkg)), setSidecar('')))}
          data-testid="export-package"
        >
          Export package
        </button>
        <label>
          <select
            value={phase}
            onChange={(e) => setPhase(Number(e.target.value))}
            aria-label="Phase to export"
            data-testid="export-phase"
          >
            {Array.from({ length: phases }, (_, index) => (
              <option key={index} value={index}>
                Phase {index + 1}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="secondary"
          disabled={!pkg}
          onClick={() =>
            attempt(() => {
              if (!pkg) return;
              const exported = exportTxBuilderBatch({ pkg, phase });
              setText(JSON.stringify(exported.batch, null, 2));
              setSidecar(JSON.stringify(exported.sidecar, null, 2));
            })
          }
          data-testid="export-batch"
        >
          Export Tx Builder batch
        </button>
        {text && (
          <a href={`data:application/json;charset=utf-8,${encodeURIComponent(text)}`} download="manifest-guard.json">
            Download
          </a>
        )}
      </div>
      {!pkg && (
        <p className="hash-label">Export needs a valid package: fix the problems listed under “Before registering”.</p>
      )}
      {error !== undefined && <ErrorNotice error={error} testId="io-error" />}
    </div>
  );
}

import { useState } from 'react';

import { exportTxBuilderBatch, type ReleasePackage, serializeReleasePackage } from '../../../../shared/src/index.js';
import { ErrorNotice } from '../../ui/ErrorNotice.js';
import type { DraftUpdate } from '../draft.js';
import { useFileDrop } from '../hooks/useFileDrop.js';
import { type ImportTarget, importDraft } from '../importDraft.js';
import type { ImportSource } from '../recognizeImport.js';

/**
 * Import and export: one Import for what is pasted, dropped on the card or chosen as a file (a release package, a
 * Transaction Builder batch with its sidecar, or a batch alone, told apart by their content), and the exports.
 */
export function PackageIO({
  pkg,
  phases,
  update,
  target,
}: {
  pkg: ReleasePackage | undefined;
  phases: number;
  update: DraftUpdate;
  /** The connected Safe, guard and chain (an imported package must be for them), and the block time now. */
  target: ImportTarget;
}) {
  const [text, setText] = useState('');
  const [sidecar, setSidecar] = useState('');
  const [error, setError] = useState<unknown>();
  const [imported, setImported] = useState<string>();
  const [phase, setPhase] = useState(0);

  const attempt = (action: () => void) => {
    setError(undefined);
    setImported(undefined);
    try {
      action();
    } catch (caught) {
      setError(caught);
    }
  };
  // The draft changes only once the whole import succeeded: a failed one leaves the draft and the fields as they were.
  const importSources = (sources: ImportSource[]) =>
    attempt(() => {
      const { apply, message } = importDraft(sources, target);
      update(apply);
      setImported(message);
    });
  const { dropTarget, dragging, readFiles } = useFileDrop(importSources, (caught) => {
    setImported(undefined);
    setError(caught);
  });

  return (
    <div
      className={dragging ? 'card drop-target' : 'card'}
      data-testid="package-io"
      data-dragging={dragging}
      {...dropTarget}
    >
      <h2>Import and export</h2>
      <label>
        Release package JSON, or a Transaction Builder batch
        <textarea value={text} onChange={(e) => setText(e.target.value)} data-testid="io-text" />
      </label>
      <label>
        Transaction Builder sidecar (with a batch, if you have it)
        <textarea value={sidecar} onChange={(e) => setSidecar(e.target.value)} data-testid="io-sidecar" rows={3} />
      </label>
      <label>
        Or a file (drop it on this card)
        <input
          type="file"
          accept=".json,application/json"
          multiple
          onChange={(e) => {
            readFiles(e.target.files);
            e.target.value = '';
          }}
          data-testid="io-file"
        />
      </label>
      <div className="actions">
        <button
          type="button"
          className="secondary"
          onClick={() =>
            importSources([
              { name: 'the pasted text', text },
              { name: 'the pasted sidecar', text: sidecar },
            ])
          }
          data-testid="import"
        >
          Import
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
      {imported && (
        <p role="status" data-testid="io-imported">
          {imported}
        </p>
      )}
      {error !== undefined && <ErrorNotice error={error} testId="io-error" />}
    </div>
  );
}

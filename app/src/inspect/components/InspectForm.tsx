import type { FormEvent } from 'react';

import type { InspectFields, SetInspectField } from '../hooks/useInspectFields.js';
import { PastedCallFields } from './PastedCallFields.js';

/**
 * What to inspect: a safeTxHash or a pasted transaction, the executor that would send it (none without the guard), an
 * evidence packet.
 */
export function InspectForm({
  fields,
  set,
  executors,
  busy,
  onSubmit,
}: {
  fields: InspectFields;
  set: SetInspectField;
  executors: readonly string[];
  busy: boolean;
  onSubmit: (event: FormEvent) => void;
}) {
  return (
    <form className="card" onSubmit={onSubmit} data-testid="inspect-form">
      <fieldset className="row" aria-label="What to inspect">
        <label>
          <span>
            <input
              type="radio"
              name="mode"
              checked={fields.mode === 'hash'}
              onChange={() => set('mode', 'hash')}
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
              checked={fields.mode === 'paste'}
              onChange={() => set('mode', 'paste')}
              data-testid="mode-paste"
            />{' '}
            Paste the transaction
          </span>
        </label>
      </fieldset>
      {fields.mode === 'hash' ? (
        <label>
          safeTxHash
          <input
            value={fields.safeTxHash}
            onChange={(e) => set('safeTxHash', e.target.value)}
            placeholder="0x…"
            data-testid="inspect-hash-input"
          />
        </label>
      ) : (
        <PastedCallFields fields={fields} set={set} />
      )}
      {executors.length > 0 && (
        <label>
          Executor that would send it
          <select
            value={fields.executor}
            onChange={(e) => set('executor', e.target.value)}
            data-testid="inspect-executor"
          >
            {executors.map((address) => (
              <option key={address} value={address}>
                {address}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        Evidence packet JSON (optional)
        <textarea
          value={fields.evidenceText}
          onChange={(e) => set('evidenceText', e.target.value)}
          data-testid="inspect-evidence-input"
        />
      </label>
      <button type="submit" disabled={busy} data-testid="inspect-submit">
        Inspect
      </button>
    </form>
  );
}

import type { InspectFields, SetInspectField } from '../hooks/useInspectFields.js';

/** A pasted Safe transaction: to, value, operation, nonce and data. */
export function PastedCallFields({ fields, set }: { fields: InspectFields; set: SetInspectField }) {
  return (
    <>
      <label>
        To
        <input
          value={fields.to}
          onChange={(e) => set('to', e.target.value)}
          placeholder="0x…"
          data-testid="inspect-to"
        />
      </label>
      <div className="row">
        <label>
          Value (wei)
          <input value={fields.value} onChange={(e) => set('value', e.target.value)} data-testid="inspect-value" />
        </label>
        <label>
          Operation
          <select
            value={fields.operation}
            onChange={(e) => set('operation', e.target.value)}
            data-testid="inspect-operation"
          >
            <option value="0">0 call</option>
            <option value="1">1 delegatecall</option>
          </select>
        </label>
        <label>
          Nonce
          <input
            value={fields.nonce}
            onChange={(e) => set('nonce', e.target.value)}
            data-testid="inspect-nonce-input"
          />
        </label>
      </div>
      <label>
        Data
        <textarea value={fields.data} onChange={(e) => set('data', e.target.value)} data-testid="inspect-data" />
      </label>
    </>
  );
}

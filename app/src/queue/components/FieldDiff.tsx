import type { FieldDifference } from '../../../../shared/src/index.js';

const cell = { textAlign: 'left', verticalAlign: 'top', padding: '0.2rem 0.4rem', overflowWrap: 'anywhere' } as const;

/**
 * The decoded fields where a transaction differs from the nearest approved step, in red: field, the approved value,
 * this transaction's value. The table keeps to its column widths so that long hex wraps instead of overflowing.
 */
export function FieldDiff({ differences }: { differences: readonly FieldDifference[] }) {
  return (
    <table
      className="notice notice-error"
      data-testid="field-diff"
      style={{ width: '100%', tableLayout: 'fixed', borderCollapse: 'collapse' }}
    >
      <thead>
        <tr>
          <th style={cell}>Field</th>
          <th style={cell}>Approved step</th>
          <th style={cell}>This transaction</th>
        </tr>
      </thead>
      <tbody>
        {differences.map((difference) => (
          <tr key={difference.field} data-testid="field-diff-row" data-field={difference.field}>
            <td style={cell}>
              <code>{difference.field}</code>
            </td>
            <td style={cell}>
              <code data-testid="field-diff-expected">{difference.expected}</code>
            </td>
            <td style={cell}>
              <code data-testid="field-diff-actual">{difference.actual}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

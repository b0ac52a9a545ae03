import type { ActionLogEntry } from '../../roles/actionLog.js';
import { Short } from '../../ui/Hash.js';

/** The actions taken from this page on the guard (kept in this browser), each with the reason its signer typed. */
export function ActionLog({ log }: { log: ActionLogEntry[] }) {
  if (log.length === 0) return null;
  return (
    <div className="card" data-testid="action-log">
      <h2>Action log (this browser)</h2>
      <ul>
        {log.map((entry) => (
          <li key={entry.transaction} data-testid="action-log-entry">
            {new Date(entry.at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' })}: {entry.what}
            {entry.reason && <> · reason: “{entry.reason}”</>} · by <Short value={entry.account} /> · transaction{' '}
            <Short value={entry.transaction} />
          </li>
        ))}
      </ul>
    </div>
  );
}

import type { ConfigDraft } from '../configForm.js';

const fields: [keyof ConfigDraft, string, 'list' | 'text'][] = [
  ['proposers', 'Proposers (one address per line)', 'list'],
  ['approvers', 'Approvers', 'list'],
  ['executors', 'Executors', 'list'],
  ['guardians', 'Guardians', 'list'],
  ['routineThreshold', 'Routine approvals', 'text'],
  ['privilegedThreshold', 'Privileged approvals', 'text'],
  ['routineDelayHours', 'Routine delay (hours)', 'text'],
  ['privilegedDelayHours', 'Privileged delay (hours)', 'text'],
  ['maxFreezeHours', 'Longest freeze (hours)', 'text'],
  ['freezeCooldownHours', 'Freeze cooldown (hours)', 'text'],
  ['multiSendCallOnly', 'MultiSendCallOnly of the Safe’s version', 'text'],
  ['authorities', 'Authority contracts (optional, one per line)', 'list'],
  ['privilegedSelectors', 'Extra privileged selectors (optional)', 'list'],
  ['containmentSelectors', 'Containment selectors an Emergency may call (optional; empty: pause() alone)', 'list'],
];

/** Step 1 of Install: the roles, thresholds, delays, freeze bounds and MultiSendCallOnly; submitting runs the preflight. */
export function ConfigForm({
  draft,
  onChange,
  busy,
  onPreflight,
}: {
  draft: ConfigDraft;
  onChange: (key: keyof ConfigDraft, value: string) => void;
  busy: boolean;
  onPreflight: () => void;
}) {
  return (
    <form className="card" onSubmit={(e) => (e.preventDefault(), onPreflight())} data-testid="install-form">
      <h2>1. Configure</h2>
      {fields.map(([key, label, kind]) => (
        <label key={key}>
          {label}
          {kind === 'list' ? (
            <textarea
              value={draft[key]}
              onChange={(e) => onChange(key, e.target.value)}
              data-testid={`config-${key}`}
              rows={2}
            />
          ) : (
            <input value={draft[key]} onChange={(e) => onChange(key, e.target.value)} data-testid={`config-${key}`} />
          )}
        </label>
      ))}
      <button type="submit" disabled={busy} data-testid="preflight">
        Run the preflight
      </button>
    </form>
  );
}

import { useState } from 'react';

import type { GuardConfig } from '../../../../shared/src/index.js';
import { useConnection } from '../../safe/useSafeAppsSdk.js';
import type { Action } from '../../ui/useAsync.js';
import { type ConfigDraft, parseConfigDraft } from '../configForm.js';
import { type PreflightIssue, preflight } from '../preflight.js';

/** A preflight's outcome: the configuration checked and the issues that refuse it (none: it passed). */
export type PreflightResult = { config: GuardConfig; issues: PreflightIssue[] };

/**
 * Step 1 of Install: `run` checks the configuration typed and runs the guard's constructor on the node; `checked`
 * holds the outcome until `reset` (the configuration changed).
 *
 * @example
 * const preflight = useInstallPreflight(draft, action);
 */
export function useInstallPreflight(draft: ConfigDraft, action: Action) {
  const connection = useConnection();
  const [checked, setChecked] = useState<PreflightResult>();
  const run = () =>
    action.run('Preflight: checking the configuration and running the guard’s constructor on the node…', async () => {
      const config = parseConfigDraft(draft);
      setChecked({ config, issues: await preflight({ client: connection.client, safe: connection.state, config }) });
    });
  const reset = () => setChecked(undefined);
  /** The configuration the preflight passed, undefined until it has. */
  const passed = checked && checked.issues.length === 0 ? checked.config : undefined;
  return { checked, passed, run, reset };
}

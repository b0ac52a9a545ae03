import { useCallback, useRef, useState } from 'react';

import { useConnection } from '../../safe/useSafeAppsSdk.js';
import { emptyDraft } from '../configForm.js';
import { type InstallProgress, loadInstallProgress, saveInstallProgress } from '../installProgressStore.js';

/**
 * The Install progress of the connected Safe kept in this browser: what was `restored` on mount (undefined when there
 * was nothing worth restoring), why a stored entry was `discarded`, and `save` to keep a change.
 *
 * @example
 * const progress = useInstallProgress();
 * progress.save({ guard });
 */
export function useInstallProgress() {
  const { state } = useConnection();
  const [loaded] = useState(() => loadInstallProgress(state.chainId, state.safe));
  const current = useRef<InstallProgress>(loaded.progress ?? { draft: emptyDraft, touched: false });
  const save = useCallback(
    (patch: Partial<InstallProgress>) => {
      current.current = { ...current.current, ...patch };
      saveInstallProgress(state.chainId, state.safe, current.current);
    },
    [state.chainId, state.safe],
  );
  const stored = loaded.progress;
  const restored = stored && (stored.touched || stored.guard || stored.proposal) ? stored : undefined;
  return { restored, discarded: loaded.discarded, save };
}

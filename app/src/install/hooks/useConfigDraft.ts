import { useEffect, useMemo, useState } from 'react';

import { type ConfigDraft, draftFromConfig, emptyDraft, parseConfigDraft } from '../configForm.js';
import type { GuardToSet } from '../guardToSet.js';

/**
 * The guard configuration as typed, and `shownConfig` when it parses. A deployed guard pasted into an untouched form
 * fills the form with the configuration it holds. `initial` is the form kept in this browser (after a reload).
 *
 * @example
 * const { draft, touched, shownConfig, edit } = useConfigDraft(verified, progress.restored);
 */
export function useConfigDraft(verified: GuardToSet | undefined, initial?: { draft: ConfigDraft; touched: boolean }) {
  const [draft, setDraft] = useState<ConfigDraft>(initial?.draft ?? emptyDraft);
  const [touched, setTouched] = useState(initial?.touched ?? false);
  const shownConfig = useMemo(() => {
    try {
      return parseConfigDraft(draft);
    } catch {
      return undefined;
    }
  }, [draft]);

  // A deployed guard pasted into an untouched form: show (and check) the configuration it holds.
  useEffect(() => {
    if (!touched && verified?.forSafe && verified.config) setDraft(draftFromConfig(verified.config));
  }, [verified, touched]);

  const edit = (key: keyof ConfigDraft, value: string) => {
    setDraft((previous) => ({ ...previous, [key]: value }));
    setTouched(true);
  };
  return { draft, touched, shownConfig, edit };
}

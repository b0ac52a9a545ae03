import { useEffect, useState } from 'react';
import type { Address } from 'viem';

import { useConnection } from '../../safe/useSafeAppsSdk.js';
import { checkSavedGuard } from '../savedGuard.js';

/**
 * The guard saved in this browser for this Safe, checked on chain before it is shown (`checkSavedGuard`): `onKept`
 * gets it when it is still this Safe's guard; otherwise `dropped` says why it was dropped and `onDropped` forgets it.
 *
 * @example
 * const saved = useSavedGuard(restored?.guard, target.setGuard, () => progress.save({ guard: undefined }));
 */
export function useSavedGuard(
  saved: Address | undefined,
  onKept: (guard: Address) => void,
  onDropped: () => void,
): { checking: boolean; dropped: string | undefined } {
  const { client, state } = useConnection();
  const [checking, setChecking] = useState(saved !== undefined);
  const [dropped, setDropped] = useState<string>();
  useEffect(() => {
    if (!saved) return;
    let live = true;
    checkSavedGuard(client, saved, state.safe).then(
      (check) => {
        if (!live) return;
        setChecking(false);
        if (check.kept) onKept(saved);
        else {
          setDropped(check.sentence);
          onDropped();
        }
      },
      () => live && setChecking(false),
    );
    return () => {
      live = false;
    };
    // Checked once, for the guard found on mount.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [saved]);
  return { checking, dropped };
}

import { useEffect, useState } from 'react';

import { type AssembleDraft, decodeDraft, emptyDraft, encodeDraft } from '../draft.js';

const key = (safe: string, chainId: number) => `manifest-guard:draft:${chainId}:${safe}`;

/**
 * The draft of this Safe, kept in localStorage on every change (it survives a reload) until it is discarded.
 *
 * @example
 * const [draft, setDraft, discard] = useDraft(safe, chainId, now);
 */
export function useDraft(safe: string, chainId: number, now: bigint) {
  const [draft, setDraft] = useState<AssembleDraft>(() => {
    const stored = localStorage.getItem(key(safe, chainId));
    if (stored) {
      try {
        return decodeDraft(stored);
      } catch {
        // A draft this version cannot read: start a new one rather than fail the screen.
      }
    }
    return emptyDraft(now);
  });
  useEffect(() => {
    localStorage.setItem(key(safe, chainId), encodeDraft(draft));
  }, [draft, safe, chainId]);
  const discard = () => setDraft(emptyDraft(now));
  return [draft, setDraft, discard] as const;
}

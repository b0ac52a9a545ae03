import { Lane, ManifestKind } from '../../../shared/src/index.js';

/**
 * The question a guardian confirms before a halt, with their reason shown back: what the guard's `halt` does to this
 * manifest (its kind and lane as `manifestState` answers them).
 *
 * @example
 * haltQuestion({ ticket: 'OPS-12', kind, lane, privilegedThreshold: 2 }, 'oracle off');
 * // "Halt OPS-12? This stops its remaining steps. It is privileged: approvers at the privileged threshold (2) can …"
 */
export function haltQuestion(
  manifest: { ticket: string; kind: number; lane: number; privilegedThreshold: number },
  reason: string,
): string {
  return [
    `Halt ${manifest.ticket}?`,
    `This stops its remaining steps${manifest.kind === ManifestKind.Release ? ' and lets its rollback run at once' : ''}.`,
    manifest.lane === Lane.Privileged
      ? `It is privileged: approvers at the privileged threshold (${manifest.privilegedThreshold}) can override this halt once (reinstate).`
      : 'It is routine: this halt is final.',
    `Reason: “${reason}”.`,
  ].join(' ');
}

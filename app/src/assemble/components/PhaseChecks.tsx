import { type Check, CheckKind, decodeSafeTransaction } from '../../../../shared/src/index.js';
import type { GuardOverview } from '../../guard/readGuard.js';
import { Short } from '../../ui/Hash.js';

/**
 * A phase's post-execution checks, each readable (what it reads, on which contract, what it expects) and removable:
 * the guard runs them after the phase's last step and reverts the whole Safe transaction when one fails.
 */
export function PhaseChecks({
  checks,
  phase,
  overview,
  safe,
  onRemove,
}: {
  checks: readonly Check[];
  phase: number;
  overview: GuardOverview;
  safe: `0x${string}`;
  onRemove: (index: number) => void;
}) {
  if (checks.length === 0) return null;
  return (
    <ul className="checklist" data-testid="draft-checks">
      {checks.map((check, c) => (
        <li key={c} data-testid="draft-check">
          {check.kind === CheckKind.CodeHash ? (
            <>
              code hash of <Short value={check.target} /> is <Short value={check.expected} />
            </>
          ) : (
            <>
              {
                decodeSafeTransaction({
                  to: check.target,
                  value: 0n,
                  data: check.data,
                  operation: 0,
                  safe,
                  guard: overview.guard,
                  multiSendCallOnly: overview.config.multiSendCallOnly,
                }).summary
              }{' '}
              returns the result hashed <Short value={check.expected} />
            </>
          )}{' '}
          <button
            type="button"
            className="link"
            aria-label={`Remove check ${c + 1} of phase ${phase + 1}`}
            onClick={() => onRemove(c)}
          >
            remove
          </button>
        </li>
      ))}
    </ul>
  );
}

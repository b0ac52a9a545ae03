import { Countdown, duration } from '../../ui/Countdown.js';
import { ConfirmWithReason } from './ConfirmWithReason.js';
import { type Refusal, RefusalNote, refused } from './RefusalNote.js';

/** A guardian's freeze of the Safe, bounded by the configuration's longest freeze and confirmed with a reason. */
export function FreezeCard({
  maxFreeze,
  cooldown,
  liftThreshold,
  frozenUntil,
  now,
  seconds,
  onSeconds,
  refusal,
  busy,
  onFreeze,
}: {
  /** The configuration's longest freeze and the cooldown between freezes (seconds). */
  maxFreeze: number;
  cooldown: number;
  /** The routine threshold: the approvers' votes that lift a freeze early. */
  liftThreshold: number;
  /** The guard's `frozenUntil()`. */
  frozenUntil: bigint;
  now: bigint;
  /** The freeze's duration as typed (seconds). */
  seconds: number;
  onSeconds: (seconds: number) => void;
  refusal: Refusal;
  busy: boolean;
  onFreeze: (reason: string) => void;
}) {
  const hours = seconds / 3600;
  return (
    <div className="card" data-testid="freeze-card">
      <h2>Freeze the Safe</h2>
      <p data-testid="freeze-status">
        {frozenUntil > now ? (
          <>
            Frozen until <Countdown until={frozenUntil} now={now} at />.
          </>
        ) : frozenUntil > 0n ? (
          <>
            Not frozen; the last freeze ended <Countdown until={frozenUntil} now={now} at />.
          </>
        ) : (
          'Not frozen.'
        )}{' '}
        A freeze lasts at most {duration(maxFreeze)}; a new one may start {duration(cooldown)} after the last one ended.
      </p>
      <label>
        Duration (hours, at most {maxFreeze / 3600})
        <input
          type="number"
          min={0}
          max={maxFreeze / 3600}
          step="any"
          value={hours}
          onChange={(e) => onSeconds(Math.round(Number(e.target.value) * 3600))}
          data-testid="freeze-hours"
        />
      </label>
      <ConfirmWithReason
        label="Freeze"
        testId="freeze"
        question={(reason) =>
          `Freeze the Safe for ${duration(seconds)}? Until it ends only Rollback and Emergency steps run; ${liftThreshold} approvers can lift it early, and no new freeze can start until ${duration(cooldown)} after it ends. Reason: “${reason}”.`
        }
        disabled={busy || refused(refusal)}
        onConfirm={onFreeze}
      />{' '}
      <RefusalNote refusal={refusal} testId="freeze-refused" />
    </div>
  );
}

import { useState } from 'react';
import { type Hex, keccak256, stringToBytes } from 'viem';

import { Countdown } from '../../ui/Countdown.js';

/** Between phases: an approver reviews the metrics and attests “continue” (the note's hash goes on chain). */
export function AttestContinue(props: {
  phase: number;
  soakReadyAt: bigint | undefined;
  now: bigint;
  busy: boolean;
  onAttest: (metricsHash: Hex) => void;
}) {
  const [metrics, setMetrics] = useState('');
  return (
    <div className="card" data-testid="attest">
      <h2>Continue to phase {props.phase + 1}?</h2>
      <p>
        Phase {props.phase} completed. An approver reviews its metrics and attests “continue”
        {props.soakReadyAt !== undefined &&
          (props.soakReadyAt > props.now ? (
            <>
              {' '}
              once the soak ends, at <Countdown until={props.soakReadyAt} now={props.now} testId="soak-countdown" at />
            </>
          ) : (
            <>
              {' '}
              now: the soak ended <Countdown until={props.soakReadyAt} now={props.now} testId="soak-countdown" />
            </>
          ))}
        .
      </p>
      <label>
        Metrics note (hashed into the attestation)
        <textarea value={metrics} onChange={(e) => setMetrics(e.target.value)} data-testid="metrics-note" />
      </label>
      <button
        type="button"
        disabled={props.busy || !metrics.trim()}
        onClick={() => props.onAttest(keccak256(stringToBytes(metrics.trim())))}
        data-testid="attest-continue"
      >
        Attest “continue”
      </button>
    </div>
  );
}

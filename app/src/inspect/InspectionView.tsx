import { kindLabel, laneLabel, statusLabel } from '../guard/labels.js';
import { Countdown } from '../ui/Countdown.js';
import { Hash } from '../ui/Hash.js';
import { DecodedCallView } from './DecodedCallView.js';
import type { Inspection } from './inspectTransaction.js';

/** The signer's view of one Safe transaction. */
export function InspectionView({ inspection }: { inspection: Inspection }) {
  const { verdict, manifest, next, rollback, evidence, lane, hashes, now } = inspection;
  const ruleName = verdict.words?.rule;
  return (
    <div data-testid="inspection">
      {inspection.claimedHashMismatch && (
        <div className="notice notice-error" role="alert" data-testid="hash-mismatch">
          <strong>The queue’s safeTxHash does not match this transaction.</strong>
          <p>
            The queue says {inspection.claimedHashMismatch}, the transaction hashes to {hashes.safeTxHash}. Do not sign:
            what you would sign is not what is shown.
          </p>
        </div>
      )}
      {verdict.allowed ? (
        <div className="notice notice-ok" data-testid="inspect-verdict" data-allowed="true">
          <strong>
            Matches {manifest?.ticket ? `“${manifest.ticket}”` : 'manifest'}: phase {verdict.phase + 1}, step{' '}
            {verdict.step + 1}.
          </strong>
          <p>The guard lets this transaction through if an executor sends it now.</p>
        </div>
      ) : (
        <div className="notice notice-error" data-testid="inspect-verdict" data-allowed="false" data-rule={ruleName}>
          <strong>The guard rejects this: {ruleName}.</strong>
          <p data-testid="inspect-reason">{verdict.words?.sentence}</p>
          {verdict.words?.advice && <p>{verdict.words.advice}</p>}
        </div>
      )}

      <div className="card">
        <h2>Compare with your hardware wallet</h2>
        <dl className="facts">
          <dt>safeTxHash</dt>
          <dd>
            <Hash value={hashes.safeTxHash} testId="inspect-safe-tx-hash" />
          </dd>
          <dt>Domain hash</dt>
          <dd>
            <Hash value={hashes.domainHash} testId="inspect-domain-hash" />
          </dd>
          <dt>Message hash</dt>
          <dd>
            <Hash value={hashes.messageHash} testId="inspect-message-hash" />
          </dd>
          <dt>Nonce</dt>
          <dd data-testid="inspect-nonce">{inspection.nonce.toString()}</dd>
        </dl>
      </div>

      <div className="card">
        <h2>What it does</h2>
        <ul className="calls" data-testid="inspect-decoded">
          <DecodedCallView call={inspection.decoded} />
        </ul>
      </div>

      <div className="card">
        <h2>Rules</h2>
        <dl className="facts">
          <dt>Lane</dt>
          <dd data-testid="inspect-lane" data-lane={lane.lane}>
            {lane.lane}
            {lane.issue && <span className="field-error"> {lane.issue}</span>}
            {lane.reasons.map((reason, index) => (
              <span key={index}>· {reason.detail}</span>
            ))}
          </dd>
          <dt>Manifest</dt>
          <dd data-testid="inspect-manifest">
            {manifest ? (
              <>
                {manifest.ticket || '(no ticket)'} · {kindLabel(manifest.state.kind)} ·{' '}
                {statusLabel(manifest.state.status)} · {laneLabel(manifest.state.lane)}
                {!manifest.state.laneCurrent && ' (to be recomputed: the configuration changed)'} · approvals{' '}
                {manifest.state.approvals}/{manifest.state.requiredApprovals}
              </>
            ) : (
              'none: no live manifest has this transaction as a step'
            )}
          </dd>
          <dt>Next step</dt>
          <dd data-testid="inspect-next" data-open={next ? String(next.open) : 'none'} data-rule={next?.words?.rule}>
            {!next && '–'}
            {next?.open && (
              <>
                the guard lets the manifest’s next step run now; the window closes{' '}
                <Countdown until={next.expiry} now={now} />
              </>
            )}
            {next && !next.open && (
              <>
                {next.words?.sentence}
                {next.words?.advice && <span> {next.words.advice}</span>}
              </>
            )}
            {next && next.executableFrom > 0n && (
              <span data-testid="inspect-executable">
                {' '}
                · executable from <Countdown until={next.executableFrom} now={now} />
              </span>
            )}
          </dd>
          <dt>Rollback</dt>
          <dd
            data-testid="inspect-rollback"
            data-ready={rollback?.ready === undefined ? 'none' : String(rollback.ready)}
            data-rule={rollback?.words?.rule}
          >
            {rollback ? rollback.message : '–'}
            {rollback?.id && (
              <>
                {' '}
                <Hash value={rollback.id} label="rollback" />
              </>
            )}
          </dd>
          <dt>Evidence</dt>
          <dd
            data-testid="inspect-evidence"
            data-complete={evidence ? String(evidence.gaps.length === 0 && evidence.hashMatches) : 'none'}
          >
            {!evidence &&
              (manifest
                ? `not loaded: the manifest commits to evidence ${manifest.facts.evidence}. Paste the evidence packet to check it.`
                : '–')}
            {evidence && (
              <ul className="checklist">
                <li data-ok={String(evidence.hashMatches)}>
                  {evidence.hashMatches
                    ? 'hash matches the manifest'
                    : `hash ${evidence.hash} differs from the manifest’s ${manifest?.facts.evidence}`}
                </li>
                {evidence.gaps.length === 0 && <li data-ok="true">every part present</li>}
                {evidence.gaps.map((gap, index) => (
                  <li key={index} data-ok="false" data-testid="evidence-gap">
                    {gap.part}: {gap.message}
                  </li>
                ))}
              </ul>
            )}
          </dd>
          <dt>Dry run</dt>
          <dd data-testid="inspect-simulation" data-outcome={inspection.simulation.outcome}>
            {inspection.simulation.detail}
          </dd>
          <dt>Checked for</dt>
          <dd>
            executor <code>{verdict.msgSender}</code>
          </dd>
        </dl>
      </div>
    </div>
  );
}

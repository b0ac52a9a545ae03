import { kindLabel, laneLabel, statusLabel } from '../../guard/labels.js';
import { Hash } from '../../ui/Hash.js';
import type { Inspection } from '../inspectTransaction.js';
import { EvidenceFact } from './EvidenceFact.js';
import { NextStepFact } from './NextStepFact.js';

/** The rules around the transaction: lane, manifest, next step, rollback, evidence, dry run, executor checked for. */
export function RulesCard({ inspection }: { inspection: Inspection }) {
  const { verdict, manifest, next, rollback, evidence, lane, now } = inspection;
  return (
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
        <NextStepFact next={next} now={now} />
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
        <EvidenceFact evidence={evidence} manifest={manifest} />
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
  );
}

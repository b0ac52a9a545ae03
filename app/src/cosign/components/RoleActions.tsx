import { useState } from 'react';
import type { Address } from 'viem';

import type { GuardOverview, ManifestEntry } from '../../guard/readGuard.js';
import type { ActionLogEntry } from '../../roles/actionLog.js';
import { haltQuestion } from '../../roles/haltQuestion.js';
import { offeredActions } from '../../roles/offeredActions.js';
import type { AccountRoles } from '../../roles/readRoles.js';
import { freezeOutcome, liftOutcome, reinstateOutcome } from '../../roles/actionOutcome.js';
import type { Action } from '../../ui/useAsync.js';
import { useGuardRefusal } from '../hooks/useGuardRefusal.js';
import { useRoleCall } from '../hooks/useRoleCall.js';
import { useVoteCounts } from '../hooks/useVoteCounts.js';
import { ApproveCard } from './ApproveCard.js';
import { CancelCard } from './CancelCard.js';
import { FreezeCard } from './FreezeCard.js';
import { HaltCard } from './HaltCard.js';
import { LiftFreezeCard } from './LiftFreezeCard.js';
import { NoRoleNotice } from './NoRoleNotice.js';
import { ReinstateCard } from './ReinstateCard.js';

/**
 * The actions the connected account may take on this manifest and on the freeze, by the roles the guard gives it
 * (`rolesOf`) and the manifest's state (`manifestState`): approve, cancel, halt, reinstate, freeze, lift. Each is
 * asked of the guard first (`eth_call` from this account); one it would refuse is disabled with the guard's reason.
 */
export function RoleActions({
  overview,
  entry,
  roles,
  needsApprovals,
  signer,
  action,
  refresh,
  log,
}: {
  overview: GuardOverview;
  entry: ManifestEntry;
  /** `undefined` without a wallet. */
  roles: AccountRoles | undefined;
  needsApprovals: boolean;
  signer: string | undefined;
  action: Action;
  refresh: () => Promise<void>;
  log: (entry: ActionLogEntry) => void;
}) {
  const { guard, config } = overview;
  const { state, facts, id } = entry;
  const [freezeSeconds, setFreezeSeconds] = useState(Math.min(3600, config.maxFreeze));
  const roleCall = useRoleCall(guard, action, refresh, log);
  const account: Address | undefined = roles?.account;
  const offers = offeredActions({
    roles,
    state,
    proposer: facts.proposer,
    needsApprovals,
    frozenUntil: overview.frozenUntil,
    now: overview.now,
  });
  const ask = { guard, account, version: overview };
  const refusals = {
    approve: useGuardRefusal({ ...ask, offered: offers.approve, functionName: 'approve', args: [id] }),
    cancel: useGuardRefusal({ ...ask, offered: offers.cancel, functionName: 'cancel', args: [id] }),
    halt: useGuardRefusal({ ...ask, offered: offers.halt, functionName: 'halt', args: [id] }),
    reinstate: useGuardRefusal({ ...ask, offered: offers.reinstate, functionName: 'reinstate', args: [id] }),
    freeze: useGuardRefusal({ ...ask, offered: offers.freeze, functionName: 'freeze', args: [BigInt(freezeSeconds)] }),
    lift: useGuardRefusal({ ...ask, offered: offers.lift, functionName: 'liftFreeze', args: [] }),
  };
  const votes = useVoteCounts({ guard, id, lift: offers.lift, reinstate: offers.reinstate, version: overview });
  const ticket = entry.ticket || id.slice(0, 10);
  const question = (reason: string) =>
    haltQuestion(
      { ticket, kind: state.kind, lane: state.lane, privilegedThreshold: config.privilegedThreshold },
      reason,
    );

  return (
    <div data-testid="role-actions" data-roles={roles?.bits ?? 'no signer'}>
      {(!roles || roles.bits === 0) && <NoRoleNotice wallet={!!roles} />}
      {offers.approve && (
        <ApproveCard
          state={state}
          signer={signer}
          refusal={refusals.approve}
          busy={action.busy}
          onApprove={() =>
            roleCall('approve', [id], {
              what: 'approve the manifest',
              progress: 'Approving the manifest…',
              done: `Approved ${ticket}`,
            })
          }
        />
      )}
      {offers.cancel && (
        <CancelCard
          refusal={refusals.cancel}
          busy={action.busy}
          onCancel={() =>
            roleCall('cancel', [id], {
              what: 'cancel the manifest',
              progress: `Cancelling ${ticket}…`,
              done: `Cancelled ${ticket}`,
            })
          }
        />
      )}
      {offers.halt && (
        <HaltCard
          question={question}
          refusal={refusals.halt}
          busy={action.busy}
          onHalt={(reason) =>
            roleCall('halt', [id], {
              what: 'halt the manifest',
              progress: `Halting ${ticket}…`,
              done: `Halted ${ticket}`,
              reason,
            })
          }
        />
      )}
      {offers.reinstate && (
        <ReinstateCard
          threshold={config.privilegedThreshold}
          votes={votes.reinstate}
          refusal={refusals.reinstate}
          busy={action.busy}
          onReinstate={() =>
            roleCall('reinstate', [id], {
              what: 'reinstate the manifest',
              progress: `Voting to reinstate ${ticket}…`,
              done: `Voted to reinstate ${ticket}`,
              outcome: reinstateOutcome,
            })
          }
        />
      )}
      {offers.freeze && (
        <FreezeCard
          maxFreeze={config.maxFreeze}
          cooldown={config.freezeCooldown}
          liftThreshold={config.routineThreshold}
          frozenUntil={overview.frozenUntil}
          now={overview.now}
          seconds={freezeSeconds}
          onSeconds={setFreezeSeconds}
          refusal={refusals.freeze}
          busy={action.busy}
          onFreeze={(reason) =>
            roleCall('freeze', [BigInt(freezeSeconds)], {
              what: 'freeze the Safe',
              progress: 'Freezing the Safe…',
              done: 'Froze the Safe',
              reason,
              outcome: freezeOutcome,
            })
          }
        />
      )}
      {offers.lift && (
        <LiftFreezeCard
          frozenUntil={overview.frozenUntil}
          now={overview.now}
          threshold={config.routineThreshold}
          votes={votes.lift}
          refusal={refusals.lift}
          busy={action.busy}
          onLift={() =>
            roleCall('liftFreeze', [], {
              what: 'lift the freeze',
              progress: 'Voting to lift the freeze…',
              done: 'Voted to lift the freeze',
              outcome: liftOutcome,
            })
          }
        />
      )}
    </div>
  );
}

import { ManifestStatus } from '../../guard/manifest.js';
import type { GateContext } from '../context.js';
import { namedGuardReason } from '../guardReason.js';
import type { GateReason } from '../types.js';
import { type GateRule, reason } from './rule.js';

/**
 * May the manifest's next step run now: timing, registration, approvals, soak, phase gate, freeze and the
 * rollback's readiness. With a chain the guard answers (`manifestState`: whether the next step may run now, and the
 * error that says why not) and the gate only names its answer; offline only the package's own window and the
 * evidence's rollback can be read.
 */
export const readiness: GateRule = (context, earlier) => (context.state ? onChain(context, earlier) : offline(context));

function onChain({ state, id, manifest, rollbackReady }: GateContext, earlier: readonly GateReason[]): GateReason[] {
  const reasons: GateReason[] = [];
  const registered = state?.manifest.status !== ManifestStatus.None;
  if (!registered) {
    reasons.push(
      reason(
        'notRegistered',
        'hold',
        `Manifest ${id} is not registered on the guard: register and approve it first (the guard then also answers ` +
          'whether its rollback is ready).',
        { manifestId: id },
      ),
    );
  }
  const derived = state?.derived;
  if (derived && !derived.open && !inactive(derived.status)) {
    const guardReason = namedGuardReason(derived.reason);
    // The verdict on this very transaction may already carry the same error.
    if (!earlier.some((known) => known.values.guardError === guardReason.values.guardError)) reasons.push(guardReason);
  }
  const said = [...earlier, ...reasons].some((known) => known.rule === 'rollbackNotReady');
  if (!rollbackReady && registered && !said) {
    const why = derived && derived.rollbackReason !== '0x' ? namedGuardReason(derived.rollbackReason) : undefined;
    reasons.push(
      reason(
        'rollbackNotReady',
        'hold',
        why
          ? `The rollback ${manifest.rollback} is not ready: ${why.message}`
          : `The rollback ${manifest.rollback} is not ready.`,
        { rollback: manifest.rollback, ...(why ? { guardRule: why.rule } : {}) },
      ),
    );
  }
  return reasons;
}

function offline({ manifest, now, rollbackReady }: GateContext): GateReason[] {
  const reasons: GateReason[] = [];
  if (now > manifest.expiry) {
    reasons.push(
      reason('expired', 'reject', `The package's window closed at ${manifest.expiry} (now ${now}).`, {
        expiry: manifest.expiry.toString(),
        now: now.toString(),
      }),
    );
  }
  if (now < manifest.notBefore) {
    reasons.push(
      reason('tooEarly', 'hold', `The package's window opens at ${manifest.notBefore} (now ${now}).`, {
        notBefore: manifest.notBefore.toString(),
        now: now.toString(),
      }),
    );
  }
  if (!rollbackReady) {
    reasons.push(
      reason(
        'rollbackNotReady',
        'hold',
        `The evidence does not name the rollback manifest ${manifest.rollback} (evidence.rollback.rollbackManifestId).`,
        { rollback: manifest.rollback },
      ),
    );
  }
  return reasons;
}

/** Completed, halted or cancelled: said by the step rules. */
const inactive = (status: number) =>
  status === ManifestStatus.Completed || status === ManifestStatus.Halted || status === ManifestStatus.Cancelled;

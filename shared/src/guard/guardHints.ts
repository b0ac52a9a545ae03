import type { ExtractAbiErrorNames } from 'abitype';
import { type Hex, maxUint256 } from 'viem';

import { manifestGuardAbi } from '../generated/manifestGuard.js';
import { type GuardRejection, decodeGuardError } from './guardErrors.js';
import { type Positions, errorInputs, guardRule, position } from './guardRule.js';
import {
  type TimeFormat,
  duration,
  kindName,
  operationName,
  roles,
  short,
  statusWord,
  utc,
  when,
} from './hintWords.js';
import { statusName } from './manifest.js';
import { manifestBounds } from '../lane/manifestBounds.js';

/**
 * What the CLI says when the guard refuses something: each of the guard's custom errors as a sentence with its values
 * in words (statuses by name, times as UTC dates and durations), and what to do. The guard decides; this only reads
 * its verdict out loud. `guardHints.test.ts` derives the list of errors from the generated ABI, so an error added to
 * the guard without a hint fails the tests.
 */
export type GuardHint = {
  /** The rule the error states, in the guard's own words: its NatSpec `@notice` with the values (`guardRule`). */
  rule: string;
  /** What happened, with the values in words: the rule itself unless the table says it better. */
  sentence: string;
  /** What to do. */
  fix: string;
};

/** The guard function the refused call was (`register`, `cancel`, `execTransaction`, …): some hints depend on it. */
export type HintContext = {
  action?: string;
  manifestId?: Hex;
  /** How times read (default: UTC, `2026-01-02T03:04:05Z`); the app passes the signer's local time. */
  time?: TimeFormat;
  /** How positions read (default `index`, from 0 as in the package; the app counts from one: phase 2, step 1). */
  positions?: Positions;
};

type Args = Record<string, unknown>;
/**
 * An error's words beyond its NatSpec: `fix` always; `sentence` only where the values need words the `@notice` does
 * not carry (which action was refused, a time relative to the block, a decoded inner error).
 */
type Entry = { sentence?: (a: Args, context: HintContext) => string; fix: (a: Args, context: HintContext) => string };

/** The context's time format, UTC by default. */
const time = (c: HintContext): TimeFormat => c.time ?? utc;

const status = 'Check its state with `manifest-guard status`.';
const useKey = (role: string) =>
  `Use a ${role}'s key (MANIFEST_GUARD_PRIVATE_KEY or --keystore); \`manifest-guard status\` lists the roles.`;
const configuration = 'Fix the configuration (guard/deployments/*.json) and run `manifest-guard preflight` on it.';
const packageField = 'Fix it in the package: `manifest-guard validate` names the field.';
const onlySafe = 'Only the Safe calls the guard this way; use a Safe version the guard supports (1.3.0, 1.4.1, 1.5.0).';

/** The name of each custom error in the guard's ABI. */
export type ManifestGuardErrorName = ExtractAbiErrorNames<typeof manifestGuardAbi>;

/**
 * Every error of the guard's ABI, by name: the compiler refuses this table when an error of the generated ABI has no
 * entry (or an entry names no error), so a new error cannot ship without its sentence.
 */
export const guardHints: Readonly<Record<string, Entry>> = {
  // ------------------------------------------------------------ callers and roles
  ManifestGuardCallerNotSafe: {
    sentence: (a) => `Only the Safe ${a.safe} may call this, and ${a.caller} did.`,
    fix: () =>
      'Configuration changes go through a privileged manifest that the Safe itself executes (`manifest-guard init` a step to guard.configure).',
  },
  ManifestGuardRegistrarNotDelegated: {
    sentence: (a) => `The registrar's code ran at ${a.context}, outside its guard ${a.guard}.`,
    fix: () => 'Call the guard, never its registrar.',
  },
  ManifestGuardNotProposer: {
    sentence: (a, c) =>
      c.action === 'cancel'
        ? `${a.account} may not cancel this manifest: only the proposer who registered it can, and ${a.account} is not that proposer.`
        : `${a.account} is not a proposer of this guard.`,
    fix: (_, c) =>
      c.action === 'cancel'
        ? "Cancel with the key of the proposer who registered it (`manifest-guard status` shows the manifest); approvers' and guardians' ways are halt and approval."
        : useKey('proposer'),
  },
  ManifestGuardNotApprover: {
    fix: () => useKey('approver'),
  },
  ManifestGuardNotGuardian: {
    fix: () => useKey('guardian'),
  },
  ManifestGuardNotExecutor: {
    sentence: (a) => `${a.sender} is not an executor of this guard: only executors may send the Safe's transactions.`,
    fix: () => useKey('executor'),
  },
  ManifestGuardSelfApproval: {
    sentence: (a) => `${a.proposer} proposed ${short(a.manifestId)} and may not approve it.`,
    fix: () => 'Another approver approves it: nobody approves a manifest they proposed.',
  },
  ManifestGuardAlreadyApproved: {
    fix: () => 'Nothing to do: another approver adds the next approval (`manifest-guard status` shows the count).',
  },
  ManifestGuardTooManyLive: {
    sentence: (a) =>
      `${a.max} routine manifests are already approved, unfinished and inside their window: approving ${short(a.manifestId)} would make one more.`,
    fix: () => 'A guardian halts one that is no longer wanted (`manifest-guard halt`), then approve again.',
  },
  ManifestGuardAlreadyVotedReinstate: {
    fix: () => 'Another approver adds the next vote; at the privileged threshold the manifest is reinstated.',
  },
  ManifestGuardApprovalsLapsed: {
    sentence: (a) =>
      `${short(a.manifestId)} has ${a.approvals} approvals from accounts that are approvers now, below the ${a.required} its lane needs now (an approver was removed, a threshold or the lane rose).`,
    fix: (a) => `Current approvers add approvals (\`manifest-guard approve\`) until there are ${a.required}.`,
  },
  ManifestGuardInvalidApprovalSignature: {
    sentence: (a) =>
      `The approval signature does not verify for ${a.approver} on ${short(a.manifestId)} (ECDSA or ERC-1271).`,
    fix: () =>
      "Sign again with the approver's key: `manifest-guard approve --package <file> --sign` (the same manifest, chain and guard).",
  },

  // ------------------------------------------------------------ configuration
  ManifestGuardNotInitialized: {
    sentence: () => 'The guard has no configuration yet: it lets nothing through until it is initialized.',
    fix: () =>
      'Send initialize(config) with exactly the configuration it was deployed for (the deploy script and the Install screen do).',
  },
  ManifestGuardAlreadyInitialized: {
    fix: () => "Nothing to do; later changes go through a privileged manifest that calls the guard's configure.",
  },
  ManifestGuardConfigMismatch: {
    sentence: (a) =>
      `This configuration (hash ${short(a.configHash)}) is not the one the guard was deployed with (hash ${short(a.committedHash)}).`,
    fix: () =>
      'Initialize with the configuration file it was deployed from, unchanged; for another configuration, deploy another guard.',
  },
  ManifestGuardNoProposer: { fix: () => configuration },
  ManifestGuardNoExecutor: { fix: () => configuration },
  ManifestGuardInvalidThresholds: {
    sentence: (a) =>
      `The thresholds routine ${a.routineThreshold} / privileged ${a.privilegedThreshold} are invalid: 1 <= routine <= privileged.`,
    fix: () => configuration,
  },
  ManifestGuardThresholdUnreachable: {
    sentence: (a) =>
      `${a.approvers} approvers can never reach the privileged threshold ${a.privilegedThreshold}: no privileged manifest could be approved.`,
    fix: () => `Add approvers or lower the privileged threshold. ${configuration}`,
  },
  ManifestGuardTooManyMembers: {
    sentence: (a) => `The ${roles(a.role)} list has ${a.count} accounts, more than the guard's ${a.max}.`,
    fix: () => configuration,
  },
  ManifestGuardInvalidMember: {
    sentence: (a) => `${a.account} cannot hold a role: the zero address, the Safe and the guard never do.`,
    fix: () => configuration,
  },
  ManifestGuardRolesCollide: {
    sentence: (a) =>
      `${a.account} would be ${roles(a.heldRoles)} and ${roles(a.addedRole)}: those roles must be held by different accounts.`,
    fix: () =>
      `Proposers, approvers and executors pairwise distinct; guardians distinct from proposers and executors. ${configuration}`,
  },
  ManifestGuardInvalidDelays: {
    sentence: (a) =>
      `The delays routine ${duration(a.routineDelay)} / privileged ${duration(a.privilegedDelay)} are invalid: each at most ${duration(a.maxDelay)}, and the privileged one at least the routine one.`,
    fix: () => configuration,
  },
  ManifestGuardInvalidFreezeBounds: {
    sentence: (a) =>
      `maxFreeze ${duration(a.maxFreeze)} must be from 1 s to ${duration(a.cap)}, and freezeCooldown ${duration(a.freezeCooldown)} at least ${duration(a.minCooldown)}.`,
    fix: () => configuration,
  },
  ManifestGuardTooManyEntries: {
    sentence: (a) => `${a.count} authorities or privileged selectors, more than the guard's ${a.max}.`,
    fix: () => configuration,
  },
  ManifestGuardInvalidEntry: {
    sentence: (a) => `${a.entry} is zero, or listed twice, among the authorities and privileged selectors.`,
    fix: () => configuration,
  },

  // ------------------------------------------------------------ registration
  ManifestGuardInvalidKind: {
    sentence: (a) => `${a.kind} is not a manifest kind (0 Release, 1 Rollback, 2 Emergency).`,
    fix: () => packageField,
  },
  ManifestGuardInvalidWindow: {
    sentence: (a, c) =>
      `The window ${time(c)(a.notBefore)} → ${time(c)(a.expiry)} is not valid at block time ${time(c)(a.timestamp)}: notBefore must come before expiry, and expiry must be in the future.`,
    fix: () =>
      'Give the package a new window (`manifest-guard init --window 30d`, or edit notBefore/expiry), seal it again and register that.',
  },
  ManifestGuardMissingRollback: {
    fix: () =>
      'Build the rollback package first and name it: `manifest-guard init --rollback rollback.json …` (register and approve the rollback before the release can start).',
  },
  ManifestGuardUnexpectedRollback: {
    sentence: (a) => `A ${kindName(a.kind)} manifest names a rollback (${short(a.rollback)}): only a Release does.`,
    fix: () => 'Remove "rollback" from the package.',
  },
  ManifestGuardInvalidShape: {
    sentence: (a) => {
      const max = Number(a.max);
      if (a.phase === maxUint256 || a.phase === undefined) {
        return max === manifestBounds.maxPhases
          ? `The manifest has ${a.count} phases; the guard takes 1 to ${max}.`
          : `The manifest has ${a.count} steps in all; the guard takes at most ${max}.`;
      }
      const what =
        max === manifestBounds.maxStepsPerPhase
          ? 'steps'
          : max === manifestBounds.maxChecks
            ? 'checks'
            : max === manifestBounds.maxConditions
              ? 'entry conditions'
              : 'entries';
      return `Phase ${a.phase} has ${a.count} ${what}; the guard takes ${what === 'steps' ? '1' : '0'} to ${max}.`;
    },
    fix: () => `Split the release into more phases or manifests. ${packageField}`,
  },
  ManifestGuardInvalidOperation: {
    fix: () => packageField,
  },
  ManifestGuardDelegateCallForbidden: {
    sentence: (a) =>
      `A delegatecall to ${a.to}: the guard allows delegatecall only to the MultiSendCallOnly it is configured with.`,
    fix: () =>
      'Make the step a "call", or batch calls through the MultiSendCallOnly in the guard\'s configuration (`manifest-guard status`).',
  },
  ManifestGuardMalformedMultiSend: {
    sentence: (a) => `The MultiSend batch cannot be decoded at byte ${a.offset}.`,
    fix: () =>
      'Encode the batch in the MultiSendCallOnly format (operation, to, value, data length, data for each call); a Transaction Builder file does this.',
  },
  ManifestGuardInvalidSoak: {
    sentence: (a) =>
      `Phase ${a.phase}'s soak of ${duration(a.minSoak)} is longer than the guard's ${duration(a.maxSoak)}.`,
    fix: () => packageField,
  },
  ManifestGuardInvalidCheck: {
    sentence: (a) =>
      `Check ${a.index} of phase ${a.phase} is malformed (unknown kind or response, zero target, or data on a code-hash check).`,
    fix: () => packageField,
  },
  ManifestGuardInvalidCondition: {
    sentence: (a) => `Entry condition ${a.index} of phase ${a.phase} is malformed (min above max, or zero target).`,
    fix: () => packageField,
  },
  ManifestGuardAlreadyRegistered: {
    sentence: (a) => `${short(a.manifestId)} is already registered.`,
    fix: () =>
      'Nothing to do (`manifest-guard status` shows its state). A changed package has another id: register that one.',
  },
  ManifestGuardStepClaimed: {
    sentence: (a, c) =>
      c.manifestId !== undefined && String(a.claimedBy).toLowerCase() === c.manifestId.toLowerCase()
        ? `The manifest repeats a step (step key ${short(a.stepKey)}): the same target, value, data and operation twice.`
        : `The live manifest ${a.claimedBy} already holds one of these steps (step key ${short(a.stepKey)}): a step belongs to one live manifest at a time.`,
    fix: (a, c) =>
      c.manifestId !== undefined && String(a.claimedBy).toLowerCase() === c.manifestId.toLowerCase()
        ? 'Remove the duplicate step, or make the steps differ (`manifest-guard validate` names both).'
        : `Let ${short(a.claimedBy)} complete or expire, or have its proposer cancel it (\`manifest-guard cancel --id ${a.claimedBy}\`) or a guardian halt it; then register again.`,
  },
  ManifestGuardPrivilegedEmergency: {
    sentence: (a) =>
      `${short(a.manifestId)} is an Emergency manifest in the privileged lane (it touches the Safe, the guard, an authority or a privileged selector): an Emergency manifest never may.`,
    fix: () => 'An Emergency manifest only calls containment selectors such as pause(); make this change a Release.',
  },
  ManifestGuardNotContainment: {
    sentence: (a) =>
      `Step ${a.step} of phase ${a.phase} of the Emergency manifest ${short(a.manifestId)} calls ${a.selector}, which is not in the guard's containment set (default pause()).`,
    fix: () =>
      "An Emergency manifest only calls containment selectors: make this change a Release, or add the selector to the configuration's containmentSelectors (a privileged change).",
  },
  ManifestGuardLaneStale: {
    sentence: (a) =>
      `The guard's configuration changed (epoch ${a.epoch}) since the lane of ${short(a.manifestId)} was computed (epoch ${a.classifiedEpoch}).`,
    fix: () =>
      "Anyone calls the guard's reclassify(manifest) with the manifest's data; then approve or execute it again (a risen lane needs the privileged threshold and delay).",
  },
  ManifestGuardUnknownManifest: {
    sentence: (a) => `No manifest ${short(a.manifestId)} is registered on this guard.`,
    fix: () =>
      "Register it first (`manifest-guard register`), or check the package's chain and guard: `manifest-guard hash --rpc <url>` compares the ids.",
  },
  ManifestGuardInvalidStatus: {
    sentence: (a, c) => {
      const word = statusWord(a.status);
      const id = short(a.manifestId);
      switch (c.action) {
        case 'cancel':
          return `${id} is ${word}: only a registered manifest that no approver has approved yet can be cancelled.`;
        case 'halt':
          return `${id} is ${word}: only a registered or approved manifest can be halted.`;
        case 'attestContinue':
          return `${id} is ${word}: "continue" is attested only on an approved manifest between its phases.`;
        case 'approve':
        case 'approveBySig':
          return `${id} is ${word}: only a registered manifest, or an approved one that has not started, takes approvals.`;
        default:
          return `${id} is ${word}: the guard does not allow this in that state.`;
      }
    },
    fix: (a, c) => {
      const name = statusName(Number(a.status));
      if (c.action === 'cancel' && name === 'Approved')
        return 'Once approved, a manifest is stopped by a guardian: `manifest-guard halt`.';
      if (c.action === 'halt' && name === 'Completed')
        return 'A completed manifest cannot be halted: contain with `manifest-guard freeze` and run its rollback package.';
      if (name === 'Halted' || name === 'Cancelled' || name === 'Completed') return `Nothing to do. ${status}`;
      if (name === 'Registered') return `Approvers approve it first (\`manifest-guard approve\`). ${status}`;
      return status;
    },
  },

  // ------------------------------------------------------------ execution
  ManifestGuardRefundForbidden: {
    sentence: (a) =>
      `The Safe transaction would pay a refund (gasPrice ${a.gasPrice}, gasToken ${a.gasToken}, refundReceiver ${a.refundReceiver}).`,
    fix: () =>
      'Set gasPrice to 0 and gasToken and refundReceiver to the zero address: the guard allows no refund path.',
  },
  ManifestGuardNoMatchingStep: {
    sentence: (a) =>
      `No live manifest has this transaction (to ${a.to}, value ${a.value}, data hash ${short(a.dataHash)}, ${operationName(a.operation)}) as a step: it was never approved, or its manifest is no longer live.`,
    fix: () =>
      'Propose exactly an approved step: `manifest-guard gate --tx <file>` names the field that differs from the next step.',
  },
  ManifestGuardNotApproved: {
    sentence: (a) => `${short(a.manifestId)} has not reached its approval threshold.`,
    fix: () => 'Approvers approve it (`manifest-guard approve`); `manifest-guard status` shows the count.',
  },
  ManifestGuardManifestHalted: {
    sentence: (a) =>
      `${short(a.manifestId)} was halted (by a guardian, or by its rollback): its remaining steps are blocked.`,
    fix: () => 'Execute its rollback package: `manifest-guard execute --package <rollback package>`.',
  },
  ManifestGuardManifestCancelled: {
    sentence: (a) => `${short(a.manifestId)} was cancelled by its proposer: it never executes.`,
    fix: () => 'Register a new manifest for the change.',
  },
  ManifestGuardStepOutOfOrder: {
    sentence: (a) =>
      `This is step ${a.step} of phase ${a.phase}, but ${short(a.manifestId)} expects step ${a.expectedStep} of phase ${a.expectedPhase} next.`,
    fix: () => 'Execute the steps in order: `manifest-guard execute` always takes the next one.',
  },
  ManifestGuardFrozen: {
    sentence: (a, c) =>
      `The Safe is frozen until ${when(a.frozenUntil, a.timestamp, c.time)}: only Rollback and Emergency steps run meanwhile.`,
    fix: () => 'Wait for the freeze to end, or have approvers lift it (`manifest-guard freeze --lift`).',
  },
  ManifestGuardExpired: {
    sentence: (a, c) => `${short(a.manifestId)}'s window closed at ${when(a.expiry, a.timestamp, c.time)}.`,
    fix: () =>
      'It can never execute now: register a new manifest with a new window (`manifest-guard init --window …`).',
  },
  ManifestGuardTooEarly: {
    sentence: (a, c) =>
      `${short(a.manifestId)} is executable from ${when(a.executableFrom, a.timestamp, c.time)}: its notBefore, or the delay after its approval, has not passed.`,
    fix: () => 'Run it again after that time; the delay keeps approvals reviewable.',
  },
  ManifestGuardRollbackNotReady: {
    sentence: (a) =>
      `Release ${short(a.releaseId)} cannot start: its rollback ${short(a.rollbackId)} is ${statusWord(a.rollbackStatus)}; it must be approved and executable on its own terms first.`,
    fix: () =>
      'Register and approve the rollback package (`manifest-guard register` / `approve --package rollback.json`) and let its delay pass.',
  },
  ManifestGuardRollbackNotExecutable: {
    sentence: (a, c) => {
      const inner = typeof a.reason === 'string' ? decodeGuardError(a.reason) : undefined;
      const why = inner ? guardHint(inner, { time: c.time }).sentence : 'the guard does not say why';
      return `Release ${short(a.releaseId)} cannot start: its rollback ${short(a.rollbackId)} is not executable on its own terms. ${why}`;
    },
    fix: (a) => {
      const inner = typeof a.reason === 'string' ? decodeGuardError(a.reason) : undefined;
      const fix = inner && guardHints[inner.errorName] ? guardHint(inner).fix : undefined;
      return fix
        ? `For the rollback: ${fix}`
        : 'Make the rollback executable first (`manifest-guard status` shows it).';
    },
  },
  ManifestGuardRollbackNotArmed: {
    sentence: (a) =>
      `Rollback ${short(a.rollbackId)} runs only once the release it is bound to has started: nobody uses up a release's rollback before the release.`,
    fix: () => 'Start the release first; a rollback that no started release is bound to never executes.',
  },
  ManifestGuardRollbackExpiresFirst: {
    sentence: (a, c) =>
      `Rollback ${short(a.rollbackId)} expires at ${time(c)(a.rollbackExpiry)}, before release ${short(a.releaseId)}'s window ends at ${time(c)(a.expiry)}: a rollback that expires first exists only on paper.`,
    fix: () => "Register a rollback whose window outlasts the release's, and name it in a new release package.",
  },
  ManifestGuardWrongChain: {
    sentence: (a) =>
      `${short(a.manifestId)} was registered on chain ${a.registeredChainId} and this is chain ${a.chainId} (a fork or a split): it never runs here.`,
    fix: () => 'Register the manifest again on this chain.',
  },
  ManifestGuardRollbackBound: {
    sentence: (a) => `Rollback ${short(a.rollbackId)} already belongs to release ${short(a.boundRelease)}.`,
    fix: () => 'Each release needs a rollback of its own: register a new rollback package and name it.',
  },
  ManifestGuardSoakNotElapsed: {
    sentence: (a, c) =>
      `Phase ${a.phase} of ${short(a.manifestId)} may start at ${when(a.readyAt, a.timestamp, c.time)}: the previous phase's soak has not elapsed.`,
    fix: () => 'Wait for the soak, watch the canary meanwhile (`manifest-guard watch`).',
  },
  ManifestGuardPhaseGateClosed: {
    sentence: (a) =>
      `Phase ${a.phase} of ${short(a.manifestId)} is closed: no approver has attested "continue" for it.`,
    fix: () => 'After the soak, an approver attests it: `manifest-guard advance --package <file> --metrics <file>`.',
  },
  ManifestGuardEntryConditionFailed: {
    sentence: (a) =>
      a.observed === maxUint256
        ? `Entry condition ${a.index} of phase ${a.phase} could not be read (it must lie within ${a.min} to ${a.max}).`
        : `Entry condition ${a.index} of phase ${a.phase} read ${a.observed}, outside ${a.min} to ${a.max}.`,
    fix: () => 'The phase may not start in this state: wait until the condition holds, or halt the release.',
  },
  ManifestGuardReentrantExecution: {
    fix: () => 'A step may not call the Safe to execute another transaction.',
  },
  ManifestGuardMalformedHookCall: {
    sentence: (a) => `A guard hook (${a.selector}) was called with arguments that are not what the Safe sends.`,
    fix: () => onlySafe,
  },
  ManifestGuardNoPendingStep: {
    fix: () => onlySafe,
  },
  ManifestGuardInnerCallFailed: {
    sentence: (a) =>
      `The call of step ${a.step} of phase ${a.phase} of ${short(a.manifestId)} failed inside the Safe transaction.`,
    fix: () => 'Find out why on a fork (`manifest-guard simulate`); nothing of the step landed.',
  },
  ManifestGuardCheckFailed: {
    sentence: (a) =>
      `Check ${a.index} of phase ${a.phase} failed after the step (expected ${short(a.expected)}, observed ${short(a.observed)}), so the whole Safe transaction reverted.`,
    fix: () =>
      'The state after the phase would not be what the manifest says: do not retry; find out why (`manifest-guard simulate`), then fix the package or halt and roll back.',
  },

  // ------------------------------------------------------------ gates, freeze
  ManifestGuardAttestationNotExpected: {
    sentence: (a) =>
      `"continue" for phase ${a.phase} is not expected: ${short(a.manifestId)} is at phase ${a.currentPhase}.`,
    fix: () => 'Attest the phase that comes next, after the previous one completed: `manifest-guard advance` picks it.',
  },
  ManifestGuardFreezeTooLong: {
    sentence: (a) =>
      `A freeze of ${duration(a.duration)} is longer than the guard's maximum of ${duration(a.maxFreeze)}.`,
    fix: (a) => `Pass --duration ${a.maxFreeze} or less.`,
  },
  ManifestGuardFreezeCoolingDown: {
    sentence: (a, c) =>
      `A new freeze is possible from ${when(a.availableAt, a.timestamp, c.time)}: the cooldown after the last freeze.`,
    fix: () => 'Halt the manifest instead (`manifest-guard halt`), or freeze after the cooldown.',
  },
  ManifestGuardNotFrozen: {
    fix: () => 'Nothing to do.',
  },
  ManifestGuardAlreadyVoted: {
    sentence: (a) => `${a.approver} already voted to lift this freeze (freeze ${a.freezeEpoch}).`,
    fix: () => 'Another approver adds the next vote.',
  },
  ManifestGuardAlreadyReinstated: {
    sentence: (a) => `${short(a.manifestId)} was halted and reinstated once already: it cannot be halted again.`,
    fix: () => 'The veto is one-time: contain with a freeze instead (`manifest-guard freeze`).',
  },
  ManifestGuardNotReinstatable: {
    sentence: (a) =>
      `${short(a.manifestId)} cannot be reinstated: only a privileged manifest a guardian halted (and not reinstated before) can be; a routine manifest's halt, and a halt by its rollback, are final.`,
    fix: () => 'Register a new manifest for the change.',
  },
} satisfies Record<ManifestGuardErrorName, Entry>;

/** The guard's error names, from the generated ABI. */
export const guardErrorNames: readonly string[] = manifestGuardAbi
  .filter((item) => item.type === 'error')
  .map((item) => (item as { name: string }).name);

/**
 * The sentence and the fix for a decoded guard rejection. An error this table does not know (a newer guard) still
 * reads as its name and values.
 *
 * @example
 * const { sentence, fix } = guardHint(decodeGuardError(error)!, { action: 'cancel' });
 */
export function guardHint(rejection: GuardRejection, context: HintContext = {}): GuardHint {
  const entry = guardHints[rejection.errorName];
  const rule = guardRule(rejection, context.time, context.positions);
  if (!entry || !rule) {
    return {
      rule: rule ?? `The guard refused: ${rejection.summary}.`,
      sentence: `The guard refused: ${rejection.summary}.`,
      fix: 'This guard is newer than this manifest-guard: see its error in guard/src/interfaces/IManifestGuardErrors.sol.',
    };
  }
  const args = namedArgs(rejection, context.positions ?? 'index');
  return { rule, sentence: entry.sentence?.(args, context) ?? rule, fix: entry.fix(args, context) };
}

/** A rejection's arguments by their ABI names, positions counted as `positions` says. */
function namedArgs(rejection: GuardRejection, positions: Positions): Args {
  const inputs = errorInputs(rejection.errorName);
  const args: Args = {};
  rejection.args.forEach((value, index) => {
    const name = inputs[index]?.name || String(index);
    args[name] = position(name, value, positions);
  });
  return args;
}

import { type Address, type Hex, type TransactionReceipt, isAddressEqual, parseAbi, parseEventLogs } from 'viem';

import { manifestGuardAbi } from '../generated/manifestGuard.js';
import type { Step } from '../guard/manifest.js';
import { decodeStepPosition } from '../guard/stepPosition.js';
import type { Effect } from './effects.js';
import type { SafeTxOrigin } from './safeTxHashIndex.js';
import type { VerifiedExecution, VerifyFinding } from './types.js';

/** The Safe's execution events and the OpenZeppelin events an upgrade or authority change emits. */
const executionAbi = parseAbi([
  'event ExecutionSuccess(bytes32 indexed txHash, uint256 payment)',
  'event ExecutionFailure(bytes32 indexed txHash, uint256 payment)',
  'event Upgraded(address indexed implementation)',
  'event AdminChanged(address previousAdmin, address newAdmin)',
  'event OwnershipTransferred(address indexed previousOwner, address indexed newOwner)',
  'event OwnershipTransferStarted(address indexed previousOwner, address indexed newOwner)',
]);
const guardEventAbi = manifestGuardAbi.filter(
  (item) =>
    item.type === 'event' &&
    (item.name === 'StepExecuted' || item.name === 'PhaseCompleted' || item.name === 'ManifestCompleted'),
);

export type ReceiptFindingsParameters = {
  receipts: readonly TransactionReceipt[];
  safe: Address;
  guard: Address;
  manifestId: Hex;
  phase: number;
  lastPhase: boolean;
  steps: readonly Step[];
  effects: readonly Effect[];
  /** safeTxHash → the step and nonce it belongs to (`safeTxHashIndex`). */
  origins: ReadonlyMap<Hex, SafeTxOrigin>;
  finding: (finding: Omit<VerifyFinding, 'response'>) => VerifyFinding;
};

/**
 * Compares the receipts of a phase with its steps: each step executed exactly once and in order (the Safe's
 * `ExecutionSuccess` carries the safeTxHash of exactly that step, which commits to its target, value, data and
 * operation), the guard's `StepExecuted` for each step and `PhaseCompleted` (and `ManifestCompleted` after the
 * last phase), and the events each upgrade or authority change emits (`Upgraded`, `AdminChanged`,
 * `OwnershipTransferred`).
 *
 * @example
 * const { findings, executions } = receiptFindings({ receipts, safe, guard, manifestId, phase: 0, … });
 */
export function receiptFindings(parameters: ReceiptFindingsParameters): {
  findings: VerifyFinding[];
  executions: VerifiedExecution[];
} {
  const { safe, guard, manifestId, phase, steps, finding } = parameters;
  const receipts = [...parameters.receipts].sort((a, b) =>
    a.blockNumber === b.blockNumber ? a.transactionIndex - b.transactionIndex : a.blockNumber < b.blockNumber ? -1 : 1,
  );
  const findings: VerifyFinding[] = [];
  const executions: VerifiedExecution[] = [];
  const byStep = new Map<number, { receipt: TransactionReceipt; execution: VerifiedExecution }>();
  let phaseCompleted: TransactionReceipt | undefined;
  let manifestCompleted = false;
  let manifestIndex: bigint | undefined;

  for (const receipt of receipts) {
    if (receipt.status !== 'success') {
      findings.push(
        finding({
          rule: 'transactionReverted',
          message: `Transaction ${receipt.transactionHash} reverted: none of its steps executed.`,
          expected: 'success',
          actual: receipt.status,
          transactionHash: receipt.transactionHash,
        }),
      );
      continue;
    }
    for (const log of parseEventLogs({ abi: guardEventAbi, logs: receipt.logs })) {
      if (!isAddressEqual(log.address, guard)) continue;
      if (
        log.eventName === 'PhaseCompleted' &&
        log.args.manifestId === manifestId &&
        log.args.phase === BigInt(phase)
      ) {
        phaseCompleted = receipt;
        const step = parseEventLogs({ abi: guardEventAbi, eventName: 'StepExecuted', logs: receipt.logs })
          .filter((s) => isAddressEqual(s.address, guard))
          .map((s) => decodeStepPosition(s.args.position))
          .find((position) => position.phase === phase);
        manifestIndex = step?.index;
      }
      if (log.eventName === 'ManifestCompleted' && log.args.manifestId === manifestId) manifestCompleted = true;
    }
  }

  for (const receipt of receipts) {
    if (receipt.status !== 'success') continue;
    const safeLogs = parseEventLogs({ abi: executionAbi, logs: receipt.logs }).filter((log) =>
      isAddressEqual(log.address, safe),
    );
    for (const log of safeLogs) {
      if (log.eventName === 'ExecutionFailure') {
        findings.push(
          finding({
            rule: 'executionFailed',
            message: `The Safe reports ExecutionFailure for ${log.args.txHash} in ${receipt.transactionHash}.`,
            expected: 'ExecutionSuccess',
            actual: 'ExecutionFailure',
            transactionHash: receipt.transactionHash,
          }),
        );
        continue;
      }
      if (log.eventName !== 'ExecutionSuccess') continue;
      const origin = parameters.origins.get(log.args.txHash);
      if (!origin || byStep.has(origin.step)) {
        findings.push(
          finding({
            rule: 'unexpectedExecution',
            message:
              `The Safe executed ${log.args.txHash} in ${receipt.transactionHash}, which is ` +
              (origin ? `step ${origin.step} of phase ${phase} a second time.` : `no step of phase ${phase}.`),
            expected: `a step of phase ${phase} not executed yet`,
            actual: log.args.txHash,
            transactionHash: receipt.transactionHash,
          }),
        );
        continue;
      }
      const execution: VerifiedExecution = {
        step: origin.step,
        transactionHash: receipt.transactionHash,
        blockNumber: receipt.blockNumber,
        safeTxHash: log.args.txHash,
        nonce: origin.nonce,
        to: steps[origin.step]!.to,
      };
      executions.push(execution);
      byStep.set(origin.step, { receipt, execution });
      findings.push(...stepEventFindings(parameters, receipt, origin.step, manifestIndex));
    }
  }

  const inNonceOrder = [...executions].sort((a, b) => (a.nonce < b.nonce ? -1 : 1));
  inNonceOrder.forEach((execution, i) => {
    const previous = inNonceOrder[i - 1];
    if (previous && previous.step > execution.step) {
      findings.push(
        finding({
          rule: 'executionOrder',
          message: `Step ${execution.step} executed (nonce ${execution.nonce}) after step ${previous.step}.`,
          expected: `step ${execution.step} before step ${previous.step}`,
          actual: `step ${previous.step} at nonce ${previous.nonce}, step ${execution.step} at nonce ${execution.nonce}`,
          step: execution.step,
          transactionHash: execution.transactionHash,
        }),
      );
    }
  });
  steps.forEach((step, index) => {
    if (byStep.has(index)) return;
    findings.push(
      finding({
        rule: 'stepNotExecuted',
        message: `No receipt shows the Safe executing step ${index} of phase ${phase} (call to ${step.to}).`,
        expected: `ExecutionSuccess of step ${index} (to ${step.to})`,
        actual: null,
        subject: step.to,
        step: index,
      }),
    );
  });
  if (!phaseCompleted) {
    findings.push(
      finding({
        rule: 'phaseCompleted',
        message: `No receipt carries the guard's PhaseCompleted(${manifestId}, ${phase}).`,
        expected: `PhaseCompleted(${manifestId}, ${phase})`,
        actual: null,
        subject: guard,
      }),
    );
  } else if (byStep.get(steps.length - 1)?.receipt !== phaseCompleted && byStep.has(steps.length - 1)) {
    findings.push(
      finding({
        rule: 'phaseCompleted',
        message: `PhaseCompleted is not in the receipt of the phase's last step (${steps.length - 1}).`,
        expected: byStep.get(steps.length - 1)!.receipt.transactionHash,
        actual: phaseCompleted.transactionHash,
        subject: guard,
      }),
    );
  }
  if (parameters.lastPhase && !manifestCompleted) {
    findings.push(
      finding({
        rule: 'manifestCompleted',
        message: `Phase ${phase} is the manifest's last, but no receipt carries ManifestCompleted(${manifestId}).`,
        expected: `ManifestCompleted(${manifestId})`,
        actual: null,
        subject: guard,
      }),
    );
  }
  for (const effect of parameters.effects) {
    const executed = byStep.get(effect.step);
    if (executed) findings.push(...effectEventFindings(effect, executed.receipt, finding));
  }
  return { findings, executions: executions.sort((a, b) => a.step - b.step) };
}

function stepEventFindings(
  parameters: ReceiptFindingsParameters,
  receipt: TransactionReceipt,
  step: number,
  manifestIndex: bigint | undefined,
): VerifyFinding[] {
  const { guard, phase, finding } = parameters;
  const events = parseEventLogs({ abi: guardEventAbi, eventName: 'StepExecuted', logs: receipt.logs })
    .filter((log) => isAddressEqual(log.address, guard))
    .map((log) => decodeStepPosition(log.args.position));
  const match = events.find(
    (seen) =>
      seen.phase === phase && seen.step === step && (manifestIndex === undefined || seen.index === manifestIndex),
  );
  if (match) return [];
  const seen = events.map((event) => `index ${event.index} phase ${event.phase} step ${event.step}`).join(', ');
  return [
    finding({
      rule: 'stepEvent',
      message: `The guard did not report step ${step} of phase ${phase} (StepExecuted) in ${receipt.transactionHash}.`,
      expected: `StepExecuted(${manifestIndex === undefined ? '' : `index ${manifestIndex}, `}phase ${phase}, step ${step})`,
      actual: seen || null,
      subject: guard,
      step,
      transactionHash: receipt.transactionHash,
    }),
  ];
}

function effectEventFindings(
  effect: Effect,
  receipt: TransactionReceipt,
  finding: ReceiptFindingsParameters['finding'],
): VerifyFinding[] {
  const logs = parseEventLogs({ abi: executionAbi, logs: receipt.logs });
  const from = (address: Address) => logs.filter((log) => isAddressEqual(log.address, address));
  const expect = (emitter: Address, event: string, expected: Address, actual: Address[]): VerifyFinding[] => {
    if (actual.some((value) => isAddressEqual(value, expected))) return [];
    return [
      finding({
        rule: 'upgradeEvent',
        message: `Step ${effect.step} should make ${emitter} emit ${event}(${expected}); the receipt shows ${
          actual.length ? actual.join(', ') : 'none'
        }.`,
        expected,
        actual: actual.length ? actual.join(', ') : null,
        subject: emitter,
        step: effect.step,
        transactionHash: receipt.transactionHash,
      }),
    ];
  };
  switch (effect.kind) {
    case 'transparentUpgrade':
    case 'upgradeTo': {
      const emitter = effect.kind === 'transparentUpgrade' ? effect.proxy : effect.target;
      const seen = from(emitter).flatMap((log) => (log.eventName === 'Upgraded' ? [log.args.implementation] : []));
      return expect(emitter, 'Upgraded', effect.implementation, seen);
    }
    case 'adminChange': {
      const seen = from(effect.proxy).flatMap((log) => (log.eventName === 'AdminChanged' ? [log.args.newAdmin] : []));
      return expect(effect.proxy, 'AdminChanged', effect.admin, seen);
    }
    case 'ownerChange': {
      const seen = from(effect.target).flatMap((log) =>
        log.eventName === 'OwnershipTransferred' || log.eventName === 'OwnershipTransferStarted'
          ? [log.args.newOwner]
          : [],
      );
      return expect(effect.target, 'OwnershipTransferred', effect.owner, seen);
    }
    default:
      return [];
  }
}

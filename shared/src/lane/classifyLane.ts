import { type Address, type Hex, bytesToHex, getAddress, hexToBytes, toFunctionSelector, zeroAddress } from 'viem';

import { multiSendTransactions } from '../decode/multiSendTransactions.js';
import type { Manifest } from '../guard/manifest.js';
import { arrayEntry, arrayLength, bytesArg, maxNesting, nestedCallSelectors } from './nestedCalls.js';
import { defaultPrivilegedSelectors } from './privilegedSelectors.js';
import { ManifestShapeError, type ManifestShapeIssue, operationIssue } from './shapeIssue.js';

/** Why a call is privileged (the guard's `LaneClassifier` rules). */
export type LaneRule =
  | 'targetsSafe'
  | 'targetsGuard'
  | 'targetsAuthority'
  | 'targetsFallbackHandler'
  | 'defaultSelector'
  | 'extraSelector'
  | 'innerDelegatecall'
  | 'nestedTooDeep'
  | 'nestedUnreadable';

/** A call run on the Safe's behalf inside another call's data: through which function, by which contract. */
export type NestedFrame = {
  via: 'upgradeToAndCall' | 'upgradeAndCall' | 'multicall';
  /** The contract that runs the inner call (for `upgradeAndCall`, the proxy the ProxyAdmin forwards it to). */
  to: Address;
  /** The `multicall` entry. */
  entry?: number;
};

/**
 * One reason a manifest is privileged: the step (the call inside its MultiSend batch, and the calls nested in that
 * call's data, outermost first) and the rule.
 */
export type LaneReason = {
  phase: number;
  step: number;
  innerCall?: number;
  nested?: NestedFrame[];
  rule: LaneRule;
  detail: string;
};

/** The lane context: what classification reads from the guard's configuration and the Safe. */
export type LaneContext = {
  safe: Address;
  guard: Address;
  multiSendCallOnly: Address;
  /**
   * The Safe's current fallback handler (`readFallbackHandler`; the zero address when none): the guard counts it as
   * an authority contract. `undefined` only where it cannot be read (offline): calls to the handler then classify as
   * routine where the guard says privileged.
   */
  fallbackHandler: Address | undefined;
  /** `GuardConfig.authorities`. */
  authorities?: readonly Address[];
  /** `GuardConfig.privilegedSelectors`: the extra selectors, on top of the defaults. */
  privilegedSelectors?: readonly Hex[];
  /** `GuardConfig.containmentSelectors`: what an Emergency manifest may call; empty means `pause()` alone. */
  containmentSelectors?: readonly Hex[];
};

export type ClassifyLaneParameters = LaneContext & { manifest: Manifest };
export type ClassifyLaneReturnType = { lane: 'routine' | 'privileged'; reasons: LaneReason[] };
export type ClassifyLaneErrorType = ManifestShapeError;

/** `pause()`: the containment set when none is configured. */
export const pauseSelector: Hex = toFunctionSelector('pause()');

/**
 * The lane the guard computes for a manifest (`computeLane`), with every reason: a step, a call inside a MultiSend
 * batch, or a call nested in the data either runs on the Safe's behalf, that targets the Safe, the guard, the Safe's
 * current fallback handler or a configured authority, calls a default or configured privileged selector, is an
 * inner delegatecall, or cannot be read. Nested data is the init data of `upgradeToAndCall(address,bytes)` (run by
 * the proxy called), the data of `upgradeAndCall(address,address,bytes)` (run by the proxy in its first argument)
 * and each entry of `multicall(bytes[])` (run by the contract called), read recursively up to `maxNesting` levels;
 * deeper nesting, and data that is not canonical ABI (offsets or lengths out of bounds), are privileged.
 * Everything else is routine. Hex is compared in lower case, whatever case it comes in.
 *
 * For a live Safe, prefer asking the guard (`computeLaneOnChain`): this classifier is its offline twin, pinned to
 * it by `classifyLane.anvil.test.ts`.
 *
 * @throws {ManifestShapeError} for a manifest the guard's `computeLane` (and `register`) reverts on, with the same
 * error first: an operation other than call (0) or delegatecall (1), a delegatecall to anything but the
 * MultiSendCallOnly, a malformed MultiSend batch, wherever it is in the manifest; for an Emergency manifest, a
 * privileged lane (`ManifestGuardPrivilegedEmergency`) or a call outside the containment set
 * (`ManifestGuardNotContainment`).
 *
 * @example
 * const { lane, reasons } = classifyLane({ manifest, safe, guard, multiSendCallOnly, fallbackHandler, authorities: [] });
 * // lane: 'privileged', reasons: [{ phase: 0, step: 1, rule: 'defaultSelector', detail: 'calls transferOwnership(address) (0xf2fde38b)' }]
 */
export function classifyLane(parameters: ClassifyLaneParameters): ClassifyLaneReturnType {
  const { lane, reasons, issues } = laneClassification(parameters);
  if (issues.length > 0) throw new ManifestShapeError(issues);
  return { lane, reasons };
}

/**
 * `classifyLane` without throwing: the lane, its reasons and every registration error the guard's `_classify` would
 * raise, in its order (`issues[0]` is the one it reverts with; the lane means nothing when there are issues).
 *
 * @example
 * const { issues } = laneClassification({ manifest, ...context });
 */
export function laneClassification(
  parameters: ClassifyLaneParameters,
): ClassifyLaneReturnType & { issues: ManifestShapeIssue[] } {
  const { manifest } = parameters;
  const reasons: LaneReason[] = [];
  const issues: ManifestShapeIssue[] = [];
  manifest.phases.forEach((phase, p) =>
    phase.steps.forEach((step, s) => {
      const issue = operationIssue(step, p, s, parameters.multiSendCallOnly);
      if (issue) issues.push(issue);
      else if (issues.length === 0) reasons.push(...stepReasons(step, p, s, parameters));
    }),
  );
  const lane = reasons.length > 0 ? 'privileged' : 'routine';
  if (issues.length === 0 && manifest.kind === 2) {
    issues.push(...emergencyIssues(manifest, lane, parameters.containmentSelectors));
  }
  return { lane, reasons, issues };
}

/**
 * The reasons one (validated) step is privileged; empty when it is routine.
 *
 * @example
 * const reasons = stepReasons(step, 0, 0, { safe, guard, multiSendCallOnly, fallbackHandler });
 */
export function stepReasons(
  step: { to: Address; data: Hex; operation: number },
  phase: number,
  index: number,
  context: LaneContext,
): LaneReason[] {
  const rules = rulesOf(context);
  if (step.operation === 0) {
    return callFindings(lower(step.to), hexToBytes(lower(step.data)), rules, 0, new Map()).map((finding) =>
      reasonOf(finding, { phase, step: index }),
    );
  }
  return multiSendTransactions(step.data).flatMap((inner, innerCall) => {
    const findings = [...callFindings(lower(inner.to), hexToBytes(inner.data), rules, 0, new Map())];
    if (lower(inner.to) === zeroAddress) {
      // Safe 1.5.0's MultiSendCallOnly sends a call to address(0) to the Safe itself.
      findings.unshift(
        finding('targetsSafe', 'calls address(0) inside the MultiSend batch, which Safe 1.5.0 sends to the Safe'),
      );
    }
    if (inner.operation !== 0) {
      findings.unshift(finding('innerDelegatecall', `delegatecalls ${inner.to} inside the MultiSend batch`));
    }
    return findings.map((item) => reasonOf(item, { phase, step: index, innerCall }));
  });
}

/**
 * The registrar's rules for an Emergency manifest (`_classify`): never privileged, and every call (each call of a
 * batch) calls a selector of the containment set (empty: `pause()`).
 */
function emergencyIssues(
  manifest: Manifest,
  lane: 'routine' | 'privileged',
  containmentSelectors: readonly Hex[] | undefined,
): ManifestShapeIssue[] {
  if (lane === 'privileged') {
    return [
      {
        error: 'ManifestGuardPrivilegedEmergency',
        args: [],
        path: '(manifest)',
        message: 'an Emergency manifest can never be privileged. Make it a Release, or keep to containment calls.',
      },
    ];
  }
  const allowed = new Set(containmentSelectors?.length ? containmentSelectors.map(lower) : [pauseSelector]);
  const issues: ManifestShapeIssue[] = [];
  manifest.phases.forEach((phase, p) =>
    phase.steps.forEach((step, s) => {
      const calls = step.operation === 0 ? [step.data] : multiSendTransactions(step.data).map((inner) => inner.data);
      for (const data of calls) {
        const bytes = hexToBytes(lower(data));
        const selector = bytes.length < 4 ? '0x00000000' : bytesToHex(bytes.subarray(0, 4));
        if (bytes.length >= 4 && allowed.has(selector)) continue;
        issues.push({
          error: 'ManifestGuardNotContainment',
          args: [BigInt(p), BigInt(s), selector],
          path: `phases[${p}].steps[${s}].data`,
          message:
            `${bytes.length < 4 ? 'calldata shorter than a selector' : `calls ${selector}`}, which is not in the ` +
            `containment set (${[...allowed].join(', ')}). An Emergency manifest only calls containment selectors: ` +
            'make it a Release, or add the selector to containmentSelectors through a privileged configuration change.',
        });
        return;
      }
    }),
  );
  return issues;
}

type Rules = {
  safe: Hex;
  guard: Hex;
  handler: Hex | undefined;
  authorities: ReadonlySet<Hex>;
  extra: ReadonlySet<Hex>;
};

type Finding = { rule: LaneRule; detail: string; nested: NestedFrame[] };

const lower = <T extends string>(value: T): T => value.toLowerCase() as T;
const finding = (rule: LaneRule, detail: string): Finding => ({ rule, detail, nested: [] });

function rulesOf(context: LaneContext): Rules {
  const handler = context.fallbackHandler && lower(context.fallbackHandler);
  return {
    safe: lower(context.safe),
    guard: lower(context.guard),
    handler: handler === zeroAddress ? undefined : handler,
    authorities: new Set((context.authorities ?? []).map(lower)),
    extra: new Set((context.privilegedSelectors ?? []).map(lower)),
  };
}

/**
 * `_isPrivilegedCall`: why the call of `data` (bytes of one step's calldata) on `to` (lower case) at `depth` is
 * privileged. Results are kept per (target, position in the calldata, length, depth), so calldata whose `multicall`
 * entries all point at the same bytes is read once per level.
 */
function callFindings(to: Hex, data: Uint8Array, rules: Rules, depth: number, memo: Map<string, Finding[]>): Finding[] {
  const key = `${to}:${data.byteOffset}:${data.length}:${depth}`;
  const known = memo.get(key);
  if (known) return known;
  const found: Finding[] = [];
  const at = getAddress(to);
  if (to === rules.safe) found.push(finding('targetsSafe', `calls the Safe ${at} itself`));
  if (to === rules.guard) found.push(finding('targetsGuard', `calls the guard ${at}`));
  if (rules.authorities.has(to))
    found.push(finding('targetsAuthority', `calls ${at}, a configured authority contract`));
  if (to === rules.handler) {
    found.push(finding('targetsFallbackHandler', `calls ${at}, the Safe's current fallback handler`));
  }
  const selector = data.length >= 4 ? bytesToHex(data.subarray(0, 4)) : undefined;
  if (selector) {
    const signature = defaultPrivilegedSelectors.get(selector);
    if (signature) found.push(finding('defaultSelector', `calls ${signature} (${selector})`));
    else if (rules.extra.has(selector)) {
      found.push(finding('extraSelector', `calls ${selector}, a configured privileged selector`));
    }
  }
  // Nested data is read for a call not privileged already (the guard stops at the first rule that holds).
  if (found.length === 0 && selector === nestedCallSelectors.upgradeToAndCall) {
    found.push(...innerFindings(data, 1, { via: 'upgradeToAndCall', to: at }, rules, depth, memo));
  } else if (found.length === 0 && selector === nestedCallSelectors.upgradeAndCall) {
    if (data.length < 36) {
      found.push(finding('nestedUnreadable', 'calls upgradeAndCall(address,address,bytes) without naming the proxy'));
    } else {
      // The ProxyAdmin forwards the data to the proxy (its first argument), which runs it as its own call.
      const proxy = getAddress(bytesToHex(data.subarray(16, 36)));
      found.push(...innerFindings(data, 2, { via: 'upgradeAndCall', to: proxy }, rules, depth, memo));
    }
  } else if (found.length === 0 && selector === nestedCallSelectors.multicall) {
    found.push(...multicallFindings(at, data, rules, depth, memo));
  }
  memo.set(key, found);
  return found;
}

/** `_isPrivilegedInner`: the `bytes` argument at `position`, run by `frame.to`. */
function innerFindings(
  data: Uint8Array,
  position: number,
  frame: NestedFrame,
  rules: Rules,
  depth: number,
  memo: Map<string, Finding[]>,
): Finding[] {
  if (depth >= maxNesting) return [tooDeep(frame.via)];
  const inner = bytesArg(data, position);
  if (!inner) return [unreadable(`the data argument of ${frame.via}`)];
  if (inner.length === 0) return [];
  return nest(frame, callFindings(lower(frame.to), inner, rules, depth + 1, memo));
}

/** `multicall(bytes[])`: each entry, run by the same contract; the first privileged entry decides (as the guard). */
function multicallFindings(
  to: Address,
  data: Uint8Array,
  rules: Rules,
  depth: number,
  memo: Map<string, Finding[]>,
): Finding[] {
  if (depth >= maxNesting) return [tooDeep('multicall')];
  const array = arrayLength(data);
  if (!array) return [unreadable('the bytes[] argument of multicall')];
  for (let entry = 0; entry < array.length; entry++) {
    const inner = arrayEntry(data, array.start, entry);
    if (!inner) return [unreadable(`entry ${entry} of multicall`)];
    const found = callFindings(lower(to), inner, rules, depth + 1, memo);
    if (found.length > 0) return nest({ via: 'multicall', to, entry }, found);
  }
  return [];
}

const nest = (frame: NestedFrame, found: Finding[]): Finding[] =>
  found.map((item) => ({ ...item, nested: [frame, ...item.nested] }));

const tooDeep = (via: NestedFrame['via']): Finding =>
  finding(
    'nestedTooDeep',
    `calls ${via} nested ${maxNesting} calls deep: the guard reads no deeper and classifies it privileged`,
  );

const unreadable = (what: string): Finding =>
  finding(
    'nestedUnreadable',
    `${what} is not canonical ABI (an offset or length out of bounds): the guard cannot read it and classifies it privileged`,
  );

function reasonOf(item: Finding, at: { phase: number; step: number; innerCall?: number }): LaneReason {
  const inside = [...item.nested]
    .reverse()
    .map((frame) =>
      frame.via === 'upgradeToAndCall'
        ? `, inside the init data of upgradeToAndCall on ${frame.to}`
        : frame.via === 'upgradeAndCall'
          ? `, inside the data upgradeAndCall forwards to proxy ${frame.to}`
          : `, inside entry ${frame.entry} of multicall on ${frame.to}`,
    )
    .join('');
  return {
    ...at,
    ...(item.nested.length > 0 ? { nested: item.nested } : {}),
    rule: item.rule,
    detail: `${item.detail}${inside}`,
  };
}

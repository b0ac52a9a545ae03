import { type Address, type Hex, slice, zeroAddress } from 'viem';
import { describe, expect, test } from 'vitest';

import { type LaneContext, classifyLane, laneClassification, pauseSelector, stepReasons } from './classifyLane.js';
import {
  batch,
  call,
  extensibleFallbackHandlerSetters,
  manifestOf,
  multicall,
  pause,
  setFee,
  sharedEntryMulticall,
  transferOwnership,
  upgradeAndCall,
  upgradeToAndCall,
  upper,
  withWord,
} from './laneFixtures.js';
import { ManifestShapeError } from './shapeIssue.js';

const safe: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const guard: Address = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512';
const proxy: Address = '0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9';
const implementation: Address = '0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9';
const multiSendCallOnly: Address = '0x9641d764fc13c8B624c04430C7356C1C7C8102e2';
const handler: Address = '0xfd0732Dc9E303f09fCEf3a7388Ad10A83459Ec99';
const authority: Address = '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0';
const context: LaneContext = {
  safe,
  guard,
  multiSendCallOnly,
  fallbackHandler: handler,
  authorities: [authority],
  privilegedSelectors: ['0x12345678'],
};

/** The lane of one call step, and its rules. */
const laneOf = (to: Address, data: Hex, extra: Partial<LaneContext> = {}) => {
  const { lane, reasons } = classifyLane({ ...context, ...extra, manifest: manifestOf([[call(to, data)]]) });
  return { lane, rules: reasons.map((reason) => reason.rule) };
};
const routine = { lane: 'routine', rules: [] };
const privileged = (...rules: string[]) => ({ lane: 'privileged', rules });

/** `inner` wrapped in `levels` upgradeToAndCall calls. */
const wrapped = (inner: Hex, levels: number): Hex =>
  Array.from({ length: levels }).reduce<Hex>((data) => upgradeToAndCall(implementation, data), inner);

test('default', () => {
  expect(laneOf(proxy, setFee(1n))).toEqual(routine);
  expect(laneOf(proxy, transferOwnership(safe))).toEqual(privileged('defaultSelector'));
  expect(laneOf(safe, '0x')).toEqual(privileged('targetsSafe'));
  expect(laneOf(guard, '0x')).toEqual(privileged('targetsGuard'));
  expect(laneOf(authority, '0x')).toEqual(privileged('targetsAuthority'));
  expect(laneOf(proxy, '0x1234567800')).toEqual(privileged('extraSelector'));
  expect(laneOf(proxy, '0xf2fde3')).toEqual(routine); // shorter than a selector
});

describe('calls inside calls', () => {
  test('upgradeToAndCall: the init data runs on the same proxy', () => {
    expect(laneOf(proxy, upgradeToAndCall(implementation, setFee(1n)))).toEqual(routine);
    expect(laneOf(proxy, upgradeToAndCall(implementation, '0x'))).toEqual(routine);
    const { reasons } = classifyLane({
      ...context,
      manifest: manifestOf([[call(proxy, upgradeToAndCall(implementation, transferOwnership(safe)))]]),
    });
    expect(reasons).toEqual([
      {
        phase: 0,
        step: 0,
        nested: [{ via: 'upgradeToAndCall', to: proxy }],
        rule: 'defaultSelector',
        detail: `calls transferOwnership(address) (0xf2fde38b), inside the init data of upgradeToAndCall on ${proxy}`,
      },
    ]);
    // The proxy runs the init data: an authority proxy makes it privileged, an empty init data does not.
    expect(laneOf(authority, upgradeToAndCall(implementation, setFee(1n)))).toEqual(privileged('targetsAuthority'));
  });

  test('upgradeAndCall: the data runs on the proxy in the first argument', () => {
    expect(laneOf(proxy, upgradeAndCall(proxy, implementation, setFee(1n)))).toEqual(routine);
    expect(laneOf(proxy, upgradeAndCall(proxy, implementation, transferOwnership(safe)))).toEqual(
      privileged('defaultSelector'),
    );
    expect(laneOf(proxy, upgradeAndCall(authority, implementation, setFee(1n)))).toEqual(
      privileged('targetsAuthority'),
    );
    expect(laneOf(proxy, upgradeAndCall(safe, implementation, setFee(1n)))).toEqual(privileged('targetsSafe'));
    expect(laneOf(proxy, upgradeAndCall(handler, implementation, setFee(1n)))).toEqual(
      privileged('targetsFallbackHandler'),
    );
    expect(laneOf(proxy, upgradeAndCall(authority, implementation, '0x'))).toEqual(routine);
  });

  test('multicall: each entry runs on the same contract', () => {
    expect(laneOf(proxy, multicall([setFee(1n), setFee(2n)]))).toEqual(routine);
    expect(laneOf(proxy, multicall([]))).toEqual(routine);
    const { reasons } = classifyLane({
      ...context,
      manifest: manifestOf([[call(proxy, multicall([setFee(1n), transferOwnership(safe), transferOwnership(guard)]))]]),
    });
    // The first privileged entry decides, as in the guard.
    expect(reasons.map((reason) => reason.nested)).toEqual([[{ via: 'multicall', to: proxy, entry: 1 }]]);
  });

  test('nested twice, and up to MAX_NESTING deep', () => {
    const twice = upgradeAndCall(proxy, implementation, multicall([setFee(1n), transferOwnership(safe)]));
    expect(
      classifyLane({ ...context, manifest: manifestOf([[call(authority, '0x'), call(proxy, twice)]]) }).reasons[1],
    ).toMatchObject({
      step: 1,
      nested: [
        { via: 'upgradeAndCall', to: proxy },
        { via: 'multicall', to: proxy, entry: 1 },
      ],
      rule: 'defaultSelector',
    });
    // Calls at depth 0 to 3 are read; a call that nests at depth 4 is privileged without being read.
    expect(laneOf(proxy, wrapped(setFee(1n), 4))).toEqual(routine);
    expect(laneOf(proxy, wrapped(transferOwnership(safe), 4))).toEqual(privileged('defaultSelector'));
    expect(laneOf(proxy, wrapped(setFee(1n), 5))).toEqual(privileged('nestedTooDeep'));
    expect(laneOf(proxy, wrapped(multicall([setFee(1n)]), 4))).toEqual(privileged('nestedTooDeep'));
    expect(laneOf(proxy, wrapped(multicall([setFee(1n)]), 3))).toEqual(routine);
    expect(laneOf(proxy, wrapped(upgradeAndCall(proxy, implementation, '0x'), 4))).toEqual(privileged('nestedTooDeep'));
  });

  test('data the guard cannot read is privileged', () => {
    const init = upgradeToAndCall(implementation, setFee(1n));
    expect(laneOf(proxy, withWord(init, 36, 2n ** 64n))).toEqual(privileged('nestedUnreadable')); // offset
    expect(laneOf(proxy, withWord(init, 68, 1000))).toEqual(privileged('nestedUnreadable')); // length
    expect(laneOf(proxy, slice(init, 0, 50))).toEqual(privileged('nestedUnreadable')); // no offset word
    const forwarded = upgradeAndCall(proxy, implementation, setFee(1n));
    expect(laneOf(proxy, withWord(forwarded, 68, 2n ** 40n))).toEqual(privileged('nestedUnreadable'));
    expect(laneOf(proxy, slice(forwarded, 0, 20))).toEqual(privileged('nestedUnreadable'));
    const entries = multicall([setFee(1n), setFee(2n)]);
    expect(laneOf(proxy, withWord(entries, 4, 2n ** 40n))).toEqual(privileged('nestedUnreadable')); // array offset
    expect(laneOf(proxy, withWord(entries, 36, 1000))).toEqual(privileged('nestedUnreadable')); // entry count
    expect(laneOf(proxy, withWord(entries, 100, 2n ** 40n))).toEqual(privileged('nestedUnreadable')); // entry offset
    expect(laneOf(proxy, slice(entries, 0, 30))).toEqual(privileged('nestedUnreadable'));
  });

  test('offsets in bounds are followed wherever they point, as the guard reads them', () => {
    // upgradeToAndCall(implementation, transferOwnership(safe)) with a spare word before the bytes argument.
    const canonical = upgradeToAndCall(implementation, transferOwnership(safe));
    const spaced =
      `${slice(canonical, 0, 36)}${'00'.repeat(31)}60${'ab'.repeat(32)}${canonical.slice(2 + 68 * 2)}` as Hex;
    expect(laneOf(proxy, spaced)).toEqual(privileged('defaultSelector'));
  });

  test('inside a MultiSend batch', () => {
    const { reasons } = classifyLane({
      ...context,
      manifest: manifestOf([
        [
          batch(multiSendCallOnly, [
            { to: proxy, data: setFee(1n) },
            { to: proxy, data: multicall([pause, transferOwnership(safe)]) },
          ]),
        ],
      ]),
    });
    expect(reasons).toMatchObject([
      { innerCall: 1, nested: [{ via: 'multicall', entry: 1 }], rule: 'defaultSelector' },
    ]);
  });

  test('calldata with many entries pointing at the same bytes is read once per level', () => {
    let data = setFee(1n);
    for (let level = 0; level < 4; level++) data = sharedEntryMulticall(data, 200);
    const started = performance.now();
    expect(laneOf(proxy, data)).toEqual(routine); // 200 ** 4 walks without the cache
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('authorities', () => {
  test("the Safe's current fallback handler", () => {
    expect(laneOf(handler, '0x')).toEqual(privileged('targetsFallbackHandler'));
    expect(laneOf(handler, '0x', { fallbackHandler: undefined })).toEqual(routine);
    expect(laneOf(zeroAddress, '0x', { fallbackHandler: zeroAddress })).toEqual(routine);
  });

  test("ExtensibleFallbackHandler's setters are privileged selectors", () => {
    for (const data of extensibleFallbackHandlerSetters(proxy)) {
      expect({ data, ...laneOf(proxy, data) }).toEqual({ data, ...privileged('defaultSelector') });
    }
  });

  test('address(0) and delegatecalls inside a batch', () => {
    const reasons = stepReasons(
      batch(multiSendCallOnly, [
        { to: zeroAddress, data: '0x' },
        { to: proxy, data: '0x', operation: 1 },
      ]),
      0,
      0,
      context,
    );
    expect(reasons.map((reason) => [reason.innerCall, reason.rule])).toEqual([
      [0, 'targetsSafe'],
      [1, 'innerDelegatecall'],
    ]);
    // A top-level call to address(0) is not the Safe.
    expect(laneOf(zeroAddress, '0x')).toEqual(routine);
  });
});

describe('hex in any case', () => {
  test('calldata, targets, the configuration and MultiSend batches in upper case', () => {
    const cases: [Address, Hex][] = [
      [proxy, upgradeToAndCall(implementation, transferOwnership(safe))],
      [proxy, multicall([setFee(1n), upgradeAndCall(authority, implementation, setFee(2n))])],
      [proxy, '0x1234567800'],
      [proxy, setFee(1n)],
      [handler, '0x'],
      [safe, '0x'],
    ];
    for (const [to, data] of cases) {
      const lower = laneOf(to, data);
      expect({ data, ...laneOf(upper(to), upper(data)) }).toEqual({ data, ...lower });
      expect({ data, ...laneOf(to.toLowerCase() as Address, data) }).toEqual({ data, ...lower });
    }
    const shouting: Partial<LaneContext> = {
      safe: upper(safe),
      guard: upper(guard),
      fallbackHandler: upper(handler),
      authorities: [upper(authority)],
      privilegedSelectors: ['0xABCDEF01'],
    };
    expect(laneOf(proxy, '0xabcdef0100', shouting)).toEqual(privileged('extraSelector'));
    expect(laneOf(authority, '0x', shouting)).toEqual(privileged('targetsAuthority'));
    expect(laneOf(handler, '0x', shouting)).toEqual(privileged('targetsFallbackHandler'));
    expect(laneOf(safe, '0x', shouting)).toEqual(privileged('targetsSafe'));
    const step = batch(multiSendCallOnly, [
      { to: proxy, data: upgradeToAndCall(implementation, transferOwnership(safe)) },
    ]);
    expect(stepReasons({ ...step, data: upper(step.data) }, 0, 0, context)).toEqual(stepReasons(step, 0, 0, context));
    expect(stepReasons(step, 0, 0, context)).toHaveLength(1);
  });
});

describe('errors', () => {
  const issuesOf = (steps: Parameters<typeof manifestOf>[0], kind: number, containmentSelectors?: Hex[]) =>
    laneClassification({ ...context, containmentSelectors, manifest: manifestOf(steps, kind) }).issues.map((issue) => [
      issue.error,
      ...issue.args,
    ]);

  test('an Emergency manifest calls only containment selectors', () => {
    expect(pauseSelector).toBe('0x8456cb59');
    expect(issuesOf([[call(proxy, pause)]], 2)).toEqual([]);
    expect(issuesOf([[call(proxy, upper(pause))]], 2)).toEqual([]);
    expect(issuesOf([[call(proxy, pause)], [call(proxy, setFee(1n))]], 2)).toEqual([
      ['ManifestGuardNotContainment', 1n, 0n, '0x69fe0e2d'],
    ]);
    expect(issuesOf([[call(proxy, '0x84')]], 2)).toEqual([['ManifestGuardNotContainment', 0n, 0n, '0x00000000']]);
    expect(
      issuesOf(
        [
          [
            batch(multiSendCallOnly, [
              { to: proxy, data: pause },
              { to: proxy, data: setFee(1n) },
            ]),
          ],
        ],
        2,
      ),
    ).toEqual([['ManifestGuardNotContainment', 0n, 0n, '0x69fe0e2d']]);
    // A configured set replaces pause().
    expect(issuesOf([[call(proxy, setFee(1n))]], 2, ['0x69FE0E2D'])).toEqual([]);
    expect(issuesOf([[call(proxy, pause)]], 2, ['0x69fe0e2d'])).toEqual([
      ['ManifestGuardNotContainment', 0n, 0n, '0x8456cb59'],
    ]);
    // Other kinds are not held to it; a privileged Emergency fails on its lane first.
    expect(issuesOf([[call(proxy, setFee(1n))]], 1)).toEqual([]);
    expect(issuesOf([[call(proxy, wrapped(pause, 5))]], 2)).toEqual([['ManifestGuardPrivilegedEmergency']]);
    expect(() => classifyLane({ ...context, manifest: manifestOf([[call(proxy, setFee(1n))]], 2) })).toThrow(
      ManifestShapeError,
    );
  });

  test('operations: every step is validated, in order, before the lane counts', () => {
    const manifest = manifestOf([[call(safe, '0x')], [{ ...call(proxy, '0x'), operation: 1 }]]);
    expect(() => classifyLane({ ...context, manifest })).toThrowError(/ManifestGuardDelegateCallForbidden/);
    expect(laneClassification({ ...context, manifest }).issues.map((issue) => issue.error)).toEqual([
      'ManifestGuardDelegateCallForbidden',
    ]);
  });
});

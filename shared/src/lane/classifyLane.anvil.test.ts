import fc from 'fast-check';
import {
  type Address,
  type Hex,
  encodeFunctionData,
  getAddress,
  pad,
  parseAbi,
  size,
  toFunctionSelector,
  zeroAddress,
  zeroHash,
} from 'viem';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { type AnvilInstance, startAnvil } from '../fork/anvil.js';
import { type DeskClients, type LocalDesk, deployLocalDesk, deskClients } from '../../devkit/devnet/localDesk.js';
import { canonicalMulticall3 } from '../../devkit/devnet/multicall3.js';
import { manifestGuardAbi, proxyAdminAbi } from '../generated/index.js';
import { guardDeployment } from '../guard/guardDeployment.js';
import { decodeGuardError } from '../guard/guardErrors.js';
import type { Manifest, Step } from '../guard/manifest.js';
import { propertyRuns, propertyTimeout } from '../package/releasePackage.arbitrary.js';
import { safeAbi } from '../generated/safe.js';
import { type LaneContext, classifyLane } from './classifyLane.js';
import {
  batch as batchOf,
  call,
  extensibleFallbackHandlerSetters,
  manifestOf,
  multicall,
  pause,
  setFee,
  transferOwnership,
  upgradeAndCall,
  upgradeToAndCall,
  upper,
  withWord,
} from './laneFixtures.js';
import { manifestBounds } from './manifestBounds.js';
import { ManifestShapeError, validateManifestShape } from './manifestShape.js';
import { computeLaneOnChain, readFallbackHandler, readLaneContext, safeFallbackHandlerSlot } from './readLane.js';

let anvil: AnvilInstance;
let desk: LocalDesk;
let clients: DeskClients;
/**
 * A second guard for the same Safe, configured with an authority, an extra selector and a containment set of its own
 * (never installed).
 */
let strictGuard: Address;
const extraSelector: Hex = '0x12345678';
const setFeeSelector = toFunctionSelector('setFee(uint256)');
const roles = parseAbi(['function grantRole(bytes32 role, address account)']);
/** Each guard's lane context, read from the chain. */
const contexts = new Map<Address, LaneContext>();

beforeAll(async () => {
  anvil = await startAnvil({ port: 8561 });
  desk = await deployLocalDesk({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId });
  clients = deskClients(anvil.rpcUrl, anvil.chainId);
  const config = {
    ...desk.guardConfig,
    authorities: [desk.proxies.beacon.beacon],
    privilegedSelectors: [extraSelector],
    containmentSelectors: [setFeeSelector],
  };
  const { deployData, initializeData } = guardDeployment(desk.safe, config);
  const send = async (request: { to?: Address; data: Hex }) =>
    clients.publicClient.waitForTransactionReceipt({
      hash: await clients.walletClient.sendTransaction({
        ...request,
        account: clients.walletClient.account!,
        chain: clients.chain,
      }),
    });
  strictGuard = getAddress((await send({ data: deployData })).contractAddress!);
  await send({ to: strictGuard, data: initializeData });
  for (const guard of [desk.guard, strictGuard]) {
    contexts.set(guard, await readLaneContext(clients.publicClient, { guard }));
  }
}, 120_000);

afterAll(async () => {
  await anvil?.stop();
});

const handler = () => desk.safeContracts['1.5.0'].CompatibilityFallbackHandler;

/** `inner` wrapped in `levels` upgradeToAndCall calls. */
const wrapped = (inner: Hex, levels: number): Hex =>
  Array.from({ length: levels }).reduce<Hex>((data) => upgradeToAndCall(desk.implementations.vaultV2, data), inner);

function cases() {
  const { transparent, uups, beacon } = desk.proxies;
  const { poolV2, vaultV2 } = desk.implementations;
  const msco = desk.guardConfig.multiSendCallOnly;
  const upgrade = call(
    transparent.proxyAdmin,
    encodeFunctionData({
      abi: proxyAdminAbi,
      functionName: 'upgradeAndCall',
      args: [transparent.proxy, poolV2, '0x'],
    }),
  );
  const transferOwnershipStep = call(
    transparent.proxyAdmin,
    encodeFunctionData({ abi: proxyAdminAbi, functionName: 'transferOwnership', args: [desk.safe] }),
  );
  const grant = encodeFunctionData({ abi: roles, functionName: 'grantRole', args: [zeroHash, desk.safe] });
  const grantRole = call(uups.proxy, grant);
  const batch = (calls: { to: Address; data: Hex; operation?: number }[]) => batchOf(msco, calls);
  const owner = transferOwnership(desk.safe);
  const init = upgradeToAndCall(vaultV2, setFee(1n));
  const forwarded = upgradeAndCall(transparent.proxy, poolV2, setFee(1n));
  const entries = multicall([setFee(1n), setFee(2n)]);
  const setters = Object.fromEntries(
    extensibleFallbackHandlerSetters(desk.safe).map((data, i) => [
      `ExtensibleFallbackHandler setter ${i}`,
      manifestOf([[call(uups.proxy, data)]]),
    ]),
  );
  return {
    routine: manifestOf([[upgrade], [call(uups.proxy, '0x')]]),
    'routine batch': manifestOf([[batch([upgrade, { to: beacon.proxy, data: '0x' }])]]),
    'privileged direct': manifestOf([[upgrade], [transferOwnershipStep]]),
    'privileged inside MultiSend': manifestOf([[batch([upgrade, grantRole])]]),
    'inner delegatecall': manifestOf([[batch([{ ...upgrade, operation: 1 }])]]),
    'targets the Safe': manifestOf([
      [call(desk.safe, encodeFunctionData({ abi: safeAbi, functionName: 'getThreshold' }))],
    ]),
    'targets the guard': manifestOf([[call(desk.guard, '0x')]]),
    'targets the strict guard': manifestOf([[call(strictGuard, '0x')]]),
    'authority target': manifestOf([[call(beacon.beacon, '0x5c60da1b')]]),
    'extra selector': manifestOf([[call(uups.proxy, `${extraSelector}00`)]]),
    'short calldata': manifestOf([[call(uups.proxy, '0xf2fde3')]]),
    "targets the Safe's fallback handler": manifestOf([[call(handler(), '0x')]]),
    'fallback handler inside a batch': manifestOf([[batch([{ to: handler(), data: '0x' }])]]),
    ...setters,
    // Calls inside calls.
    'routine init data': manifestOf([[call(uups.proxy, init)]]),
    'transferOwnership inside upgradeToAndCall': manifestOf([[call(uups.proxy, upgradeToAndCall(vaultV2, owner))]]),
    'transferOwnership inside multicall': manifestOf([[call(uups.proxy, multicall([setFee(1n), owner]))]]),
    'routine multicall': manifestOf([[call(uups.proxy, entries)]]),
    'transferOwnership inside ProxyAdmin.upgradeAndCall': manifestOf([
      [call(transparent.proxyAdmin, upgradeAndCall(transparent.proxy, poolV2, owner))],
    ]),
    'routine ProxyAdmin.upgradeAndCall data': manifestOf([[call(transparent.proxyAdmin, forwarded)]]),
    'upgradeAndCall forwards to an authority proxy': manifestOf([
      [call(transparent.proxyAdmin, upgradeAndCall(beacon.beacon, poolV2, setFee(1n)))],
    ]),
    'upgradeAndCall forwards to the fallback handler': manifestOf([
      [call(transparent.proxyAdmin, upgradeAndCall(handler(), poolV2, setFee(1n)))],
    ]),
    'upgradeAndCall to an authority proxy, no data': manifestOf([
      [call(transparent.proxyAdmin, upgradeAndCall(beacon.beacon, poolV2, '0x'))],
    ]),
    'nested twice': manifestOf([
      [call(transparent.proxyAdmin, upgradeAndCall(uups.proxy, vaultV2, multicall([setFee(1n), grant])))],
    ]),
    'nested inside a MultiSend batch': manifestOf([
      [batch([upgrade, { to: uups.proxy, data: upgradeToAndCall(vaultV2, multicall([pause, owner])) }])],
    ]),
    'four deep, routine': manifestOf([[call(uups.proxy, wrapped(setFee(1n), 4))]]),
    'four deep, privileged': manifestOf([[call(uups.proxy, wrapped(owner, 4))]]),
    'too deep': manifestOf([[call(uups.proxy, wrapped(setFee(1n), 5))]]),
    'too deep, multicall': manifestOf([[call(uups.proxy, wrapped(multicall([setFee(1n)]), 4))]]),
    'three deep multicall': manifestOf([[call(uups.proxy, wrapped(multicall([setFee(1n)]), 3))]]),
    'unreadable init offset': manifestOf([[call(uups.proxy, withWord(init, 36, 2n ** 64n))]]),
    'unreadable init length': manifestOf([[call(uups.proxy, withWord(init, 68, 1000))]]),
    'init data cut short': manifestOf([[call(uups.proxy, init.slice(0, 2 + 50 * 2) as Hex)]]),
    'unreadable forwarded offset': manifestOf([[call(transparent.proxyAdmin, withWord(forwarded, 68, 2n ** 40n))]]),
    'upgradeAndCall without a proxy': manifestOf([
      [call(transparent.proxyAdmin, forwarded.slice(0, 2 + 20 * 2) as Hex)],
    ]),
    'unreadable multicall array': manifestOf([[call(uups.proxy, withWord(entries, 4, 2n ** 40n))]]),
    'unreadable multicall count': manifestOf([[call(uups.proxy, withWord(entries, 36, 1000))]]),
    'unreadable multicall entry': manifestOf([[call(uups.proxy, withWord(entries, 100, 2n ** 40n))]]),
    'non-canonical but in bounds': manifestOf([
      [
        call(
          uups.proxy,
          `${upgradeToAndCall(vaultV2, owner).slice(0, 2 + 36 * 2)}${'00'.repeat(31)}60${'ab'.repeat(32)}${upgradeToAndCall(vaultV2, owner).slice(2 + 68 * 2)}` as Hex,
        ),
      ],
    ]),
  };
}

async function contractLane(guard: Address, manifest: Manifest): Promise<'routine' | 'privileged'> {
  return computeLaneOnChain(clients.publicClient, { guard, manifest });
}

const classify = (guard: Address, manifest: Manifest) => classifyLane({ ...contexts.get(guard)!, manifest });

describe('classifyLane equals the guard', () => {
  test('default', async () => {
    const all = Object.entries(cases());
    let privileged = 0;
    for (const [name, manifest] of all) {
      for (const guard of [desk.guard, strictGuard]) {
        const strict = guard === strictGuard;
        const onChain = await contractLane(guard, manifest);
        if (onChain === 'privileged') privileged++;
        expect({ name, strict, lane: classify(guard, manifest).lane }).toEqual({ name, strict, lane: onChain });
      }
    }
    // Both lanes are exercised.
    expect(privileged).toBeGreaterThan(all.length / 2);
    expect(privileged).toBeLessThan(all.length * 2);
  });

  test('the lane context read from the chain', () => {
    expect(contexts.get(strictGuard)).toEqual({
      safe: desk.safe,
      guard: strictGuard,
      multiSendCallOnly: desk.guardConfig.multiSendCallOnly,
      fallbackHandler: handler(),
      authorities: [desk.proxies.beacon.beacon],
      privilegedSelectors: [extraSelector],
      containmentSelectors: [setFeeSelector],
    });
  });

  test('reasons', () => {
    const { lane, reasons } = classify(desk.guard, cases()['privileged inside MultiSend']);
    expect(lane).toBe('privileged');
    expect(reasons).toEqual([
      {
        phase: 0,
        step: 0,
        innerCall: 1,
        rule: 'defaultSelector',
        detail: 'calls grantRole(bytes32,address) (0x2f2ff15d)',
      },
    ]);
  });

  test('hex in upper case: the classifier reads it as the guard reads the bytes', async () => {
    const all = cases();
    const names = [
      'transferOwnership inside upgradeToAndCall',
      'routine init data',
      'nested inside a MultiSend batch',
      'routine batch',
      'extra selector',
      "targets the Safe's fallback handler",
      'upgradeAndCall forwards to an authority proxy',
    ] as const;
    for (const name of names) {
      const manifest = all[name];
      const shouting: Manifest = {
        ...manifest,
        phases: manifest.phases.map((phase) => ({
          ...phase,
          steps: phase.steps.map((step) => ({ ...step, to: upper(step.to), data: upper(step.data) })),
        })),
      };
      for (const guard of [desk.guard, strictGuard]) {
        const context = contexts.get(guard)!;
        const loud: LaneContext = {
          ...context,
          safe: upper(context.safe),
          fallbackHandler: upper(context.fallbackHandler!),
          authorities: context.authorities?.map(upper),
          privilegedSelectors: context.privilegedSelectors?.map(upper),
        };
        const ts = classifyLane({ ...loud, manifest: shouting }).lane;
        expect({ name, guard, lane: ts }).toEqual({ name, guard, lane: await contractLane(guard, manifest) });
      }
    }
  });

  test("the Safe's current fallback handler counts, whichever it is", async () => {
    const other: Address = getAddress(desk.implementations.poolV1);
    const set = (address: Address) =>
      clients.testClient.setStorageAt({ address: desk.safe, index: safeFallbackHandlerSlot, value: pad(address) });
    const toHandler = manifestOf([[call(handler(), '0x')]]);
    const toOther = manifestOf([[call(other, '0x')]]);
    const toZero = manifestOf([[call(zeroAddress, '0x')]]);
    const lanes = async () => {
      const fallbackHandler = await readFallbackHandler(clients.publicClient, desk.safe);
      const context = { ...contexts.get(desk.guard)!, fallbackHandler };
      const result: Record<string, [string, string]> = {};
      for (const [name, manifest] of Object.entries({ toHandler, toOther, toZero })) {
        result[name] = [classifyLane({ ...context, manifest }).lane, await contractLane(desk.guard, manifest)];
      }
      return { fallbackHandler, result };
    };
    try {
      expect(await lanes()).toEqual({
        fallbackHandler: handler(),
        result: {
          toHandler: ['privileged', 'privileged'],
          toOther: ['routine', 'routine'],
          toZero: ['routine', 'routine'],
        },
      });
      await set(other);
      expect(await lanes()).toEqual({
        fallbackHandler: other,
        result: {
          toHandler: ['routine', 'routine'],
          toOther: ['privileged', 'privileged'],
          toZero: ['routine', 'routine'],
        },
      });
      await set(zeroAddress);
      expect(await lanes()).toEqual({
        fallbackHandler: zeroAddress,
        result: { toHandler: ['routine', 'routine'], toOther: ['routine', 'routine'], toZero: ['routine', 'routine'] },
      });
    } finally {
      await set(handler());
    }
  });

  test('an Emergency manifest: containment selectors only, never privileged', async () => {
    const { uups } = desk.proxies;
    const msco = desk.guardConfig.multiSendCallOnly;
    const emergencies: Record<string, Manifest> = {
      pause: manifestOf([[call(uups.proxy, pause)]], 2),
      setFee: manifestOf([[call(uups.proxy, setFee(1n))]], 2),
      'short calldata': manifestOf([[call(uups.proxy, '0x84')]], 2),
      'batch of pause and setFee': manifestOf(
        [
          [
            batchOf(msco, [
              { to: uups.proxy, data: pause },
              { to: uups.proxy, data: setFee(2n) },
            ]),
          ],
        ],
        2,
      ),
      'second phase': manifestOf([[call(uups.proxy, pause)], [call(uups.proxy, setFee(3n))]], 2),
      privileged: manifestOf([[call(uups.proxy, transferOwnership(desk.safe))]], 2),
      'privileged when nested': manifestOf([[call(uups.proxy, wrapped(pause, 5))]], 2),
    };
    const outcomes: string[] = [];
    for (const [name, manifest] of Object.entries(emergencies)) {
      for (const guard of [desk.guard, strictGuard]) {
        let onChain: unknown[] = ['ok'];
        try {
          await contractLane(guard, manifest);
        } catch (error) {
          const rejection = decodeGuardError(error);
          onChain = [rejection?.errorName ?? String(error), ...(rejection?.args.slice(1) ?? [])];
        }
        let ts: unknown[] = ['ok'];
        try {
          classify(guard, manifest);
        } catch (error) {
          if (!(error instanceof ManifestShapeError)) throw error;
          ts = [error.issues[0]!.error, ...error.issues[0]!.args];
        }
        expect({ name, guard, ts }).toEqual({ name, guard, ts: onChain });
        outcomes.push(String(onChain[0]));
      }
    }
    expect(new Set(outcomes)).toEqual(
      new Set(['ok', 'ManifestGuardNotContainment', 'ManifestGuardPrivilegedEmergency']),
    );
  });
});

describe('property: random nested calls', () => {
  /** A step with calls nested at random (some with an offset or length word overwritten), on a random guard. */
  function caseArbitrary() {
    const { transparent, uups, beacon } = desk.proxies;
    const { poolV2, vaultV2 } = desk.implementations;
    const target = fc.constantFrom<Address>(
      desk.safe,
      desk.guard,
      strictGuard,
      handler(),
      beacon.beacon,
      uups.proxy,
      transparent.proxy,
      transparent.proxyAdmin,
      zeroAddress,
    );
    const leaf = fc.constantFrom<Hex>(
      setFee(1n),
      pause,
      transferOwnership(desk.safe),
      '0x',
      '0x84',
      `${extraSelector}00`,
      encodeFunctionData({ abi: roles, functionName: 'grantRole', args: [zeroHash, desk.safe] }),
      ...extensibleFallbackHandlerSetters(desk.safe).slice(0, 2),
    );
    /** What an overwritten word says: a fixed value, or one relative to the calldata's size. */
    const lie = fc.constantFrom<(size: number) => bigint>(
      () => 0n,
      () => 32n,
      () => 64n,
      () => 2n ** 64n,
      () => 2n ** 256n - 1n,
      (n) => BigInt(n),
      (n) => BigInt(n - 36),
      (n) => BigInt(Math.max(n - 68, 0)),
    );
    const { data } = fc.letrec<{ data: Hex; init: Hex; forward: Hex; multi: Hex; broken: Hex }>((tie) => ({
      data: fc.oneof(
        { maxDepth: 7, depthIdentifier: 'nesting' },
        leaf,
        tie('init'),
        tie('forward'),
        tie('multi'),
        tie('broken'),
      ),
      init: tie('data').map((inner) => upgradeToAndCall(vaultV2, inner)),
      forward: fc.tuple(target, tie('data')).map(([proxy, inner]) => upgradeAndCall(proxy, poolV2, inner)),
      multi: fc.array(tie('data'), { maxLength: 3, depthIdentifier: 'nesting' }).map((entries) => multicall(entries)),
      broken: fc.tuple(tie('data'), fc.nat(5), lie).map(([inner, k, value]) => {
        const at = 4 + 32 * k;
        return size(inner) >= at + 32 ? withWord(inner, at, value(size(inner))) : inner;
      }),
    }));
    const msco = desk.guardConfig.multiSendCallOnly;
    const step = fc.oneof(
      fc.tuple(target, data).map(([to, calldata]) => call(to, calldata)),
      fc
        .array(fc.record({ to: target, data, operation: fc.constantFrom(0, 0, 0, 1) }), { minLength: 1, maxLength: 3 })
        .map((calls) => batchOf(msco, calls)),
    );
    return fc.record({ guard: fc.constantFrom(desk.guard, strictGuard), step, shout: fc.boolean() });
  }

  /**
   * Draws for the lane comparison: at least 10,000, whatever `FAST_CHECK_RUNS` says, so that the rarest rules
   * (a batch nested too deep) are reached on every run. Cheap: the guard answers them in a few Multicall3 batches.
   */
  const coverageRuns = Math.max(propertyRuns, 10_000);

  test(
    "the classifier's lane equals computeLane",
    async () => {
      // The cases are drawn and classified here, then the guard answers them in a few Multicall3 batches: the Anvil
      // round trips grow with the calldata's size, not with the number of cases.
      const seed = Number(process.env.FAST_CHECK_SEED ?? Math.floor(Math.random() * 2 ** 31));
      const samples = fc.sample(caseArbitrary(), { numRuns: coverageRuns, seed });
      const manifests = samples.map((sample) => manifestOf([[sample.step]]));
      const ts = samples.map((sample, i) => {
        const step = sample.shout
          ? { ...sample.step, to: upper(sample.step.to), data: upper(sample.step.data) }
          : sample.step;
        return classify(sample.guard, { ...manifests[i]!, phases: [{ ...manifests[i]!.phases[0]!, steps: [step] }] });
      });
      const onChain = await clients.publicClient.multicall({
        contracts: samples.map((sample, i) => ({
          address: sample.guard,
          abi: manifestGuardAbi,
          functionName: 'computeLane' as const,
          args: [manifests[i]!] as const,
        })),
        allowFailure: true,
        multicallAddress: canonicalMulticall3,
        batchSize: 64_000,
      });
      const mismatches = samples.flatMap((sample, i) => {
        const answer = onChain[i]!;
        const guardLane = answer.status === 'success' ? (answer.result === 1 ? 'privileged' : 'routine') : 'reverted';
        return guardLane === ts[i]!.lane ? [] : [{ seed, index: i, guardLane, ts: ts[i], step: sample.step }];
      });
      expect(mismatches.slice(0, 3)).toEqual([]);
      // The generator reaches every rule that matters here (`coverageRuns` draws make a miss vanishingly rare).
      {
        const rules = new Set(ts.flatMap((result) => result.reasons.map((reason) => reason.rule)));
        for (const rule of [
          'nestedTooDeep',
          'nestedUnreadable',
          'defaultSelector',
          'targetsFallbackHandler',
        ] as const) {
          expect({ rule, seen: rules.has(rule) }).toEqual({ rule, seen: true });
        }
        const privileged = ts.filter((result) => result.lane === 'privileged').length;
        expect(privileged).toBeGreaterThan(samples.length / 10);
        expect(privileged).toBeLessThan(samples.length * 0.9);
      }
    },
    propertyTimeout,
  );
});

describe('validateManifestShape equals the registrar', () => {
  const register = async (manifest: Manifest) => {
    try {
      await clients.publicClient.simulateContract({
        account: desk.accounts.proposer,
        address: desk.guard,
        abi: manifestGuardAbi,
        functionName: 'register',
        args: [manifest],
      });
      return undefined;
    } catch (error) {
      return decodeGuardError(error);
    }
  };

  test('bounds are the guard constants', async () => {
    const read = (
      functionName: 'MAX_PHASES' | 'MAX_STEPS_PER_PHASE' | 'MAX_STEPS' | 'MAX_CHECKS' | 'MAX_CONDITIONS' | 'MAX_SOAK',
    ) => clients.publicClient.readContract({ address: desk.guard, abi: manifestGuardAbi, functionName });
    expect({
      maxPhases: Number(await read('MAX_PHASES')),
      maxStepsPerPhase: Number(await read('MAX_STEPS_PER_PHASE')),
      maxSteps: Number(await read('MAX_STEPS')),
      maxChecks: Number(await read('MAX_CHECKS')),
      maxConditions: Number(await read('MAX_CONDITIONS')),
      maxSoak: BigInt(await read('MAX_SOAK')),
    }).toEqual({ ...manifestBounds, maxExpiry: undefined });
  });

  test('default', async () => {
    const base = cases();
    const step = base.routine.phases[0]!.steps[0]!;
    const target = desk.proxies.uups.proxy;
    const phaseWith = (changes: Partial<Manifest['phases'][number]>) => ({ ...base.routine.phases[0]!, ...changes });
    const check = { kind: 0, target, data: '0x' as Hex, expected: zeroHash, response: 0 };
    const condition = { target, data: '0x' as Hex, min: 0n, max: 1n };
    const nth = (i: number): Step => ({ ...step, data: `0x${i.toString(16).padStart(8, '0')}` });
    const invalid: Record<string, Manifest> = {
      valid: base.routine,
      'invalid kind': { ...base.routine, kind: 3 },
      'expired window': { ...base.routine, expiry: 1n },
      'empty window': { ...base.routine, notBefore: base.routine.expiry },
      'missing rollback': { ...base.routine, rollback: zeroHash },
      'unexpected rollback': { ...base.routine, kind: 1 },
      'no phases': { ...base.routine, phases: [] },
      'too many phases': {
        ...base.routine,
        phases: Array.from({ length: 17 }, (_, i) => phaseWith({ steps: [nth(i)] })),
      },
      'invalid operation': manifestOf([[{ ...step, operation: 2 }]]),
      'delegatecall elsewhere': manifestOf([[{ ...step, operation: 1 }]]),
      'malformed batch': manifestOf([[{ ...step, to: desk.guardConfig.multiSendCallOnly, operation: 1 }]]),
      'no steps': { ...base.routine, phases: [phaseWith({ steps: [] })] },
      'soak too long': { ...base.routine, phases: [phaseWith({ minSoak: manifestBounds.maxSoak + 1n })] },
      'too many checks': { ...base.routine, phases: [phaseWith({ checks: Array(9).fill(check) })] },
      'code-hash check with data': {
        ...base.routine,
        phases: [phaseWith({ checks: [{ ...check, kind: 1, data: '0x01' }] })],
      },
      'check to zero': { ...base.routine, phases: [phaseWith({ checks: [{ ...check, target: zeroAddress }] })] },
      'too many conditions': { ...base.routine, phases: [phaseWith({ conditions: Array(5).fill(condition) })] },
      'condition bounds': { ...base.routine, phases: [phaseWith({ conditions: [{ ...condition, min: 2n }] })] },
      'too many steps': {
        ...base.routine,
        phases: [0, 1, 2].map((p) => phaseWith({ steps: Array.from({ length: 22 }, (_, i) => nth(p * 100 + i)) })),
      },
      'privileged emergency': { ...base['privileged direct'], kind: 2, rollback: zeroHash },
      'emergency outside the containment set': manifestOf([[call(target, setFee(1n))]], 2),
      'emergency outside the containment set, too many checks': {
        ...manifestOf([[call(target, pause)], [call(target, setFee(1n))]], 2),
        phases: [
          { ...phaseWith({ steps: [call(target, pause)] }), checks: Array(9).fill(check) },
          phaseWith({ steps: [call(target, setFee(1n))] }),
        ],
      },
      // The header (every phase's step count) comes before the lane and the phases' checks.
      'too many checks, then a phase without steps': {
        ...base.routine,
        phases: [phaseWith({ checks: Array(9).fill(check) }), phaseWith({ steps: [] })],
      },
      'a bad delegatecall, then too many steps': {
        ...base.routine,
        phases: [
          phaseWith({ steps: [{ ...step, operation: 1 }] }),
          phaseWith({ steps: Array.from({ length: 33 }, (_, i) => nth(i)) }),
        ],
      },
      // The deployed guard validates every step's operation while it computes the lane, also after a privileged one.
      'privileged, then a bad delegatecall after too many checks': {
        ...base['privileged direct'],
        phases: [
          { ...base['privileged direct'].phases[1]!, checks: Array(9).fill(check) },
          { ...base.routine.phases[0]!, steps: [{ ...step, operation: 1 }] },
        ],
      },
    };
    const block = await clients.publicClient.getBlock();
    const { multiSendCallOnly, ...laneContext } = contexts.get(desk.guard)!;
    for (const [name, manifest] of Object.entries(invalid)) {
      const issues = validateManifestShape({ manifest, multiSendCallOnly, now: block.timestamp, laneContext });
      const rejection = await register(manifest);
      const expected = rejection && {
        error: rejection.errorName,
        // The classifier does not hash the manifest: these errors' first argument, the manifest id, is left out.
        args: ['ManifestGuardPrivilegedEmergency', 'ManifestGuardNotContainment'].includes(rejection.errorName)
          ? rejection.args.slice(1)
          : rejection.args,
      };
      expect({ name, issue: issues[0] && { error: issues[0].error, args: issues[0].args } }).toEqual({
        name,
        issue: expected,
      });
    }
  });
});

describe('errors', () => {
  test('an invalid step after a privileged one: classifyLane and computeLane both reject it', async () => {
    const base = cases();
    const bad = { ...base.routine.phases[0]!.steps[0]!, operation: 1 };
    const manifest = manifestOf([[base['privileged direct'].phases[1]!.steps[0]!], [bad]]);
    const classifyIt = () => classify(desk.guard, manifest);
    expect(classifyIt).toThrow(ManifestShapeError);
    let onChain: string | undefined;
    try {
      await contractLane(desk.guard, manifest);
    } catch (error) {
      onChain = decodeGuardError(error)?.errorName;
    }
    expect(onChain).toBe('ManifestGuardDelegateCallForbidden');
    try {
      classifyIt();
    } catch (error) {
      expect((error as ManifestShapeError).issues[0]!.error).toBe(onChain);
    }
  });
});

import { type Address, type Hex, encodeFunctionData, getAddress, parseAbi, zeroAddress, zeroHash } from 'viem';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { type AnvilInstance, startAnvil } from '../devnet/anvil.js';
import { type DeskClients, type LocalDesk, deployLocalDesk, deskClients } from '../devnet/localDesk.js';
import { manifestGuardAbi, manifestGuardBytecode, proxyAdminAbi } from '../generated/index.js';
import { decodeGuardError } from '../guard/guardErrors.js';
import type { Manifest, Step } from '../guard/manifest.js';
import { encodeMultiSend } from '../safe/multiSend.js';
import { multiSendAbi, safeAbi } from '../safe/safeArtifacts.js';
import { classifyLane } from './classifyLane.js';
import { manifestBounds } from './manifestBounds.js';
import { ManifestShapeError, validateManifestShape } from './manifestShape.js';

let anvil: AnvilInstance;
let desk: LocalDesk;
let clients: DeskClients;
/** A second guard for the same Safe, configured with an authority and an extra selector (never installed). */
let strictGuard: Address;
const extraSelector: Hex = '0x12345678';
const roles = parseAbi(['function grantRole(bytes32 role, address account)']);

beforeAll(async () => {
  anvil = await startAnvil({ port: 8561 });
  desk = await deployLocalDesk({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId });
  clients = deskClients(anvil.rpcUrl, anvil.chainId);
  const config = {
    ...desk.guardConfig,
    authorities: [desk.proxies.beacon.beacon],
    privilegedSelectors: [extraSelector],
  };
  const hash = await clients.walletClient.deployContract({
    abi: manifestGuardAbi,
    bytecode: manifestGuardBytecode,
    args: [desk.safe, config],
    account: clients.walletClient.account!,
    chain: clients.chain,
  });
  const receipt = await clients.publicClient.waitForTransactionReceipt({ hash });
  strictGuard = getAddress(receipt.contractAddress!);
}, 120_000);

afterAll(async () => {
  await anvil?.stop();
});

const call = (to: Address, data: Hex): Step => ({ to, value: 0n, operation: 0, data });
const manifestOf = (steps: Step[][], kind = 0): Manifest => ({
  kind,
  ticket: 'LANE-1',
  notBefore: 0n,
  expiry: 4_000_000_000n,
  rollback: kind === 0 ? `0x${'11'.repeat(32)}` : zeroHash,
  evidence: zeroHash,
  phases: steps.map((phase) => ({ steps: phase, checks: [], conditions: [], minSoak: 0n })),
});

function cases() {
  const { transparent, uups, beacon } = desk.proxies;
  const msco = desk.guardConfig.multiSendCallOnly;
  const upgrade = call(
    transparent.proxyAdmin,
    encodeFunctionData({
      abi: proxyAdminAbi,
      functionName: 'upgradeAndCall',
      args: [transparent.proxy, desk.implementations.poolV2, '0x'],
    }),
  );
  const transferOwnership = call(
    transparent.proxyAdmin,
    encodeFunctionData({ abi: proxyAdminAbi, functionName: 'transferOwnership', args: [desk.safe] }),
  );
  const grantRole = call(
    uups.proxy,
    encodeFunctionData({ abi: roles, functionName: 'grantRole', args: [zeroHash, desk.safe] }),
  );
  const batch = (calls: { to: Address; data: Hex; operation?: number }[]): Step => ({
    to: msco,
    value: 0n,
    operation: 1,
    data: encodeFunctionData({
      abi: multiSendAbi,
      functionName: 'multiSend',
      args: [encodeMultiSend(calls.map((c) => ({ ...c, value: 0n })))],
    }),
  });
  return {
    routine: manifestOf([[upgrade], [call(uups.proxy, '0x')]]),
    'routine batch': manifestOf([[batch([upgrade, { to: beacon.proxy, data: '0x' }])]]),
    'privileged direct': manifestOf([[upgrade], [transferOwnership]]),
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
  };
}

async function contractLane(guard: Address, manifest: Manifest): Promise<'routine' | 'privileged'> {
  const result = await clients.publicClient.readContract({
    address: guard,
    abi: manifestGuardAbi,
    functionName: 'computeLane',
    args: [manifest],
  });
  return result === 1 ? 'privileged' : 'routine';
}

describe('classifyLane equals the guard', () => {
  test('default', async () => {
    for (const [name, manifest] of Object.entries(cases())) {
      for (const guard of [desk.guard, strictGuard]) {
        const strict = guard === strictGuard;
        const ts = classifyLane({
          manifest,
          safe: desk.safe,
          guard,
          multiSendCallOnly: desk.guardConfig.multiSendCallOnly,
          authorities: strict ? [desk.proxies.beacon.beacon] : [],
          privilegedSelectors: strict ? [extraSelector] : [],
        });
        expect({ name, strict, lane: ts.lane }).toEqual({ name, strict, lane: await contractLane(guard, manifest) });
      }
    }
  });

  test('reasons', () => {
    const { lane, reasons } = classifyLane({
      manifest: cases()['privileged inside MultiSend'],
      safe: desk.safe,
      guard: desk.guard,
      multiSendCallOnly: desk.guardConfig.multiSendCallOnly,
    });
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
    for (const [name, manifest] of Object.entries(invalid)) {
      let lane;
      try {
        lane = classifyLane({
          manifest,
          safe: desk.safe,
          guard: desk.guard,
          multiSendCallOnly: desk.guardConfig.multiSendCallOnly,
        });
      } catch {
        lane = undefined;
      }
      const issues = validateManifestShape({
        manifest,
        multiSendCallOnly: desk.guardConfig.multiSendCallOnly,
        now: block.timestamp,
        lane,
      });
      const rejection = await register(manifest);
      const expected = rejection && {
        error: rejection.errorName,
        args: rejection.errorName === 'ManifestGuardPrivilegedEmergency' ? [] : rejection.args,
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
    const classify = () =>
      classifyLane({
        manifest,
        safe: desk.safe,
        guard: desk.guard,
        multiSendCallOnly: desk.guardConfig.multiSendCallOnly,
      });
    expect(classify).toThrow(ManifestShapeError);
    let onChain: string | undefined;
    try {
      await contractLane(desk.guard, manifest);
    } catch (error) {
      onChain = decodeGuardError(error)?.errorName;
    }
    expect(onChain).toBe('ManifestGuardDelegateCallForbidden');
    try {
      classify();
    } catch (error) {
      expect((error as ManifestShapeError).issues[0]!.error).toBe(onChain);
    }
  });
});

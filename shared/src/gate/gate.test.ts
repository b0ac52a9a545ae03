import { type Address, type Hex, encodeFunctionData, getAddress } from 'viem';
import { describe, expect, test } from 'vitest';

import type { AuthorityMap } from '../authority/types.js';
import { codeHashCheck } from '../builders/checks.js';
import { encodeMultiSend } from '../safe/multiSend.js';
import { multiSendAbi } from '../generated/safe.js';
import { fromManifest } from '../package/fromManifest.js';
import { parsePolicy } from '../policy/parsePolicy.js';
import type { Manifest } from '../guard/manifest.js';
import type { TxBuilderBatch } from '../txbuilder/batchFile.js';
import { GateInputError } from './errors.js';
import { type GateParameters, gate } from './gate.js';
import { packageHash } from './packageHash.js';
import { fixture, label, setFeeFixtureStep, upgradeFixtureStep, withEvidence } from './testFixtures.js';

const { safe, proxy, implementation } = fixture;
const guard = getAddress('0x5555555555555555555555555555555555555555');
const executor = getAddress('0x6666666666666666666666666666666666666666');
const multiSendCallOnly = getAddress('0x7777777777777777777777777777777777777777');
const upgrade = upgradeFixtureStep;
const setFee = setFeeFixtureStep;
const NOW = 1_800_000_000n;

const base: Manifest = {
  kind: 0,
  ticket: 'REL-1',
  notBefore: NOW - 60n,
  expiry: NOW + 86_400n,
  rollback: label('rollback'),
  evidence: label('placeholder'),
  phases: [
    // Every upgrade step's phase carries a code-hash check of the implementation it installs (else: noCodeHashCheck).
    {
      steps: [upgrade],
      checks: [codeHashCheck({ target: implementation, codeHash: label('code') })],
      conditions: [],
      minSoak: 3600n,
    },
    { steps: [setFee], checks: [], conditions: [], minSoak: 0n },
  ],
};
const { manifest, evidence } = withEvidence(base);
const pkg = fromManifest({ manifest, chainId: 1, safe, guard, title: 'Pool v2' });
const params = (overrides: Partial<GateParameters> = {}): GateParameters => ({
  pkg,
  evidence,
  proposed: { to: upgrade.to, value: 0n, data: upgrade.data, operation: 0 },
  chainId: 1,
  safe,
  executor,
  config: { executors: [executor], multiSendCallOnly },
  now: NOW,
  ...overrides,
});
/**
 * The gate without a chain: it always holds on `offline` first (and says so in the JSON); the returned reasons are
 * the others, the off-chain rules under test.
 */
async function offlineGate(overrides: Partial<GateParameters> = {}) {
  const result = await gate(params(overrides));
  expect(result).toMatchObject({ offline: true, chain: null, authorityEffects: null });
  expect(result.reasons[0]).toMatchObject({
    rule: 'offline',
    decision: 'hold',
    values: { chainId: overrides.chainId ?? 1 },
  });
  return { ...result, reasons: result.reasons.slice(1) };
}
const rules = async (overrides: Partial<GateParameters>) => (await offlineGate(overrides)).reasons.map((r) => r.rule);

test('default, offline: hold only because no chain was read, never release', async () => {
  const result = await gate(params());
  expect(result).toEqual({
    packageHash: packageHash(pkg),
    manifestId: expect.stringMatching(/^0x[0-9a-f]{64}$/),
    targetProxy: proxy,
    lane: 'routine',
    rollbackReady: true,
    step: { phase: 0, step: 0 },
    decision: 'hold',
    offline: true,
    chain: null,
    authorityEffects: null,
    reasons: [
      {
        rule: 'offline',
        decision: 'hold',
        message: expect.stringContaining('the gate cannot release. Pass an RPC of chain 1'),
        values: { chainId: 1 },
      },
    ],
  });
});

test('args: manifest and guard instead of a package', async () => {
  const result = await offlineGate({ pkg: undefined, manifest, guard });
  expect(result.reasons).toEqual([]);
  expect(result.packageHash).toBe(packageHash(fromManifest({ manifest, chainId: 1, safe, guard, title: 'REL-1' })));
});

describe('reject', () => {
  test('drifted payload names the step', async () => {
    const data = `${upgrade.data.slice(0, -2)}${upgrade.data.endsWith('00') ? '01' : '00'}` as Hex;
    const result = await offlineGate({ proposed: { to: upgrade.to, data } });
    expect(result.decision).toBe('reject');
    expect(result.reasons).toEqual([
      expect.objectContaining({
        rule: 'stepMismatch',
        decision: 'reject',
        values: expect.objectContaining({ differs: ['data'], phase: 0, step: 0 }),
      }),
    ]);
    expect(result.reasons[0]!.message).toContain('not the next step (step 0 of phase 0)');
    expect(result.reasons[0]!.message).toContain('matches no step of the manifest (drift)');
  });

  test('a later step out of order', async () => {
    const result = await offlineGate({ proposed: { to: setFee.to, data: setFee.data } });
    expect(result.decision).toBe('reject');
    expect(result.reasons[0]!.message).toContain('It is step 0 of phase 1, out of order');
    expect(result.reasons[0]!.values.differs).toEqual(['target', 'data']);
  });

  test('call flipped to delegatecall', async () => {
    const result = await offlineGate({ proposed: { ...upgrade, operation: 1 } });
    expect(result.reasons[0]!.values.differs).toEqual(['operation']);
  });

  test('wrong chain id', async () => {
    expect(await rules({ chainId: 5 })).toEqual(['wrongChain']);
  });

  test('wrong Safe', async () => {
    expect(await rules({ safe: guard })).toEqual(['wrongSafe']);
  });

  test('executor not in the configuration', async () => {
    expect(await rules({ executor: proxy })).toEqual(['executorNotConfigured']);
  });

  test('refund parameters', async () => {
    expect(await rules({ proposed: { ...upgrade, gasPrice: 1n, refundReceiver: executor } })).toEqual([
      'refundForbidden',
    ]);
  });

  test('expired', async () => {
    expect(await rules({ now: NOW + 86_401n })).toEqual(['expired']);
  });

  test('a delegatecall to anything but MultiSendCallOnly cannot be classified', async () => {
    const bad = withEvidence({
      ...base,
      phases: [{ steps: [{ ...upgrade, operation: 1 }], checks: [], conditions: [], minSoak: 0n }],
    });
    const badPkg = fromManifest({ manifest: bad.manifest, chainId: 1, safe, guard, title: 'bad' });
    const result = await offlineGate({ pkg: badPkg, evidence: bad.evidence, proposed: { ...upgrade, operation: 1 } });
    expect(result.decision).toBe('reject');
    expect(result.reasons.map((reason) => reason.rule)).toEqual(['invalidShape']);
  });
});

describe('hold', () => {
  test('evidence missing', async () => {
    const result = await offlineGate({ evidence: undefined });
    expect(result.decision).toBe('hold');
    expect(result.reasons.map((r) => r.rule)).toEqual(['rollbackNotReady', 'evidenceMissing']);
  });

  test('evidence incomplete', async () => {
    const { invariants: _, ...partial } = evidence;
    const result = await offlineGate({ evidence: partial });
    expect(result.decision).toBe('hold');
    expect(result.reasons.map((r) => r.rule)).toEqual(['evidenceIncomplete', 'evidenceHashMismatch']);
    expect(result.reasons[0]!.values).toEqual({ parts: ['invariants'] });
  });

  test('window not open yet', async () => {
    expect(await rules({ now: NOW - 61n })).toEqual(['tooEarly']);
  });

  test('rollback not ready', async () => {
    const other = withEvidence({ ...base, rollback: label('another rollback') });
    const otherPkg = fromManifest({ manifest: other.manifest, chainId: 1, safe, guard, title: 'x' });
    const result = await offlineGate({ pkg: otherPkg, evidence: { ...other.evidence, rollback: evidence.rollback } });
    expect(result.rollbackReady).toBe(false);
    expect(result.reasons.map((r) => r.rule)).toContain('rollbackNotReady');
    expect(result.decision).toBe('hold');
  });

  test('policy rule unmet', async () => {
    const policy = parsePolicy({
      schemaVersion: 1,
      maxWindowSeconds: 3600,
      transparentUpgradesNeedStorageLayoutCheck: true,
    });
    const result = await offlineGate({ policy });
    expect(result.decision).toBe('hold');
    expect(result.reasons.map((r) => r.rule)).toEqual([
      'policy:maxWindowSeconds',
      'policy:transparentUpgradesNeedStorageLayoutCheck',
    ]);
    expect(result.reasons[0]!.values).toEqual({ window: '86460', max: 3600 });
  });

  test('authority-map finding', async () => {
    const authority: AuthorityMap = {
      safe,
      proxies: [],
      findings: [{ proxy, kind: 'authorityNotSafe', message: `${proxy}: the ProxyAdmin is owned by an EOA.` }],
    };
    const result = await offlineGate({ authority });
    expect(result.decision).toBe('hold');
    expect(result.reasons).toEqual([
      expect.objectContaining({ rule: 'authority:authorityNotSafe', values: { proxy, authority: null } }),
    ]);
  });
});

describe('Transaction Builder batch', () => {
  const calls = [
    { to: proxy, value: 0n, data: setFee.data },
    { to: implementation, value: 0n, data: '0x' as Hex },
  ];
  const batchStep = {
    to: multiSendCallOnly,
    value: 0n,
    operation: 1,
    data: encodeFunctionData({ abi: multiSendAbi, functionName: 'multiSend', args: [encodeMultiSend(calls)] }),
  };
  const batched = withEvidence({ ...base, phases: [{ steps: [batchStep], checks: [], conditions: [], minSoak: 0n }] });
  const batchPkg = fromManifest({ manifest: batched.manifest, chainId: 1, safe, guard, title: 'batch' });
  const batch = (chainId = '1', transactions = calls): TxBuilderBatch => ({
    version: '1.0',
    chainId,
    createdAt: 0,
    meta: { name: 'fees' },
    transactions: transactions.map((call) => ({ to: call.to as Address, value: '0', data: call.data })),
  });

  test('default: nothing but offline', async () => {
    const result = await offlineGate({ pkg: batchPkg, evidence: batched.evidence, proposed: batch() });
    expect(result.reasons).toEqual([]);
    expect(result.decision).toBe('hold');
    expect(result.targetProxy).toBe(proxy);
  });

  test('a batch with an extra transaction is rejected', async () => {
    const result = await offlineGate({
      pkg: batchPkg,
      evidence: batched.evidence,
      proposed: batch('1', [...calls, calls[0]!]),
    });
    expect(result.decision).toBe('reject');
    expect(result.reasons[0]).toMatchObject({ rule: 'stepMismatch', values: { differs: ['data'] } });
  });

  test('a batch for another chain', async () => {
    expect(await rules({ pkg: batchPkg, evidence: batched.evidence, proposed: batch('5') })).toEqual(['wrongChain']);
  });

  test('offline without the configuration: the batch is classified by its calls, not rejected', async () => {
    const result = await offlineGate({
      pkg: batchPkg,
      evidence: batched.evidence,
      proposed: batchStep,
      config: { executors: [executor] },
    });
    expect(result.reasons).toEqual([]);
    expect(result.lane).toBe('routine');
  });

  test('offline, a manifest that delegatecalls two addresses cannot be classified: reject', async () => {
    const two = withEvidence({
      ...base,
      phases: [{ steps: [batchStep, { ...batchStep, to: implementation }], checks: [], conditions: [], minSoak: 0n }],
    });
    const twoPkg = fromManifest({ manifest: two.manifest, chainId: 1, safe, guard, title: 'two' });
    const result = await offlineGate({
      pkg: twoPkg,
      evidence: two.evidence,
      proposed: batchStep,
      config: { executors: [executor] },
    });
    expect(result.decision).toBe('reject');
    expect(result.reasons.map((reason) => reason.rule)).toEqual(['invalidShape']);
  });

  test('errors: several transactions without the MultiSendCallOnly', async () => {
    await expect(gate(params({ pkg: batchPkg, proposed: batch(), config: { executors: [executor] } }))).rejects.toThrow(
      GateInputError,
    );
  });
});

describe('errors', () => {
  test('no package, no manifest', async () => {
    await expect(gate(params({ pkg: undefined, guard }))).rejects.toThrow('no release package or manifest');
  });
  test('bare manifest without a guard', async () => {
    await expect(gate(params({ pkg: undefined, manifest }))).rejects.toThrow('no guard address');
  });
});

test('packageHash does not depend on key order', () => {
  expect(packageHash({ ...pkg, title: pkg.title })).toBe(packageHash(pkg));
  expect(packageHash({ ...pkg, title: 'other' })).not.toBe(packageHash(pkg));
});

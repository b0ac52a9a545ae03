import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type Hex, encodeFunctionData, pad } from 'viem';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

import { type AnvilInstance, startAnvil } from '../../shared/src/fork/anvil.js';
import {
  type DeskClients,
  type LocalDesk,
  deployLocalDesk,
  deskClients,
} from '../../shared/devkit/devnet/localDesk.js';
import { demoPoolV2Abi } from '../../shared/src/generated/index.js';
import { eip1967Slots } from '../../shared/src/proxy/slots.js';
import { type StartTxServiceReturnType, startTxService } from '../../shared/devkit/txservice/server.js';
import { cli, signer, startCli } from './cli.js';

/** Every command is its own process (≈0.5 s of start-up each, several seconds on a busy machine). */
vi.setConfig({ testTimeout: 180_000 });

let anvil: AnvilInstance;
let desk: LocalDesk;
let clients: DeskClients;
let service: StartTxServiceReturnType;
let dir: string;
let rpc: string[];
const file = (name: string) => join(dir, name);
const readJson = async (name: string) => JSON.parse(await readFile(file(name), 'utf8'));
const writeJson = (name: string, value: unknown) => writeFile(file(name), JSON.stringify(value, null, 2));
const advance = async (seconds: number) => {
  await clients.testClient.increaseTime({ seconds });
  await clients.testClient.mine({ blocks: 1 });
};
/** What the release engineer adds to the evidence skeleton `init` wrote: the checklist and the sign-offs. */
const completeEvidence = async (name: string) => {
  const evidence = await readJson(name);
  evidence.invariants = [{ name: 'the Safe owns every ProxyAdmin and beacon', category: 'permissions' }];
  evidence.approvals = [{ approver: 'release engineering', role: 'reviewer', reference: 'REL-42' }];
  await writeJson(name, evidence);
};

beforeAll(async () => {
  anvil = await startAnvil({ port: 8640 });
  desk = await deployLocalDesk({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId });
  clients = deskClients(anvil.rpcUrl, anvil.chainId);
  service = await startTxService({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, port: 0 });
  dir = await mkdtemp(join(tmpdir(), 'manifest-guard-cli-'));
  rpc = ['--rpc', anvil.rpcUrl];
}, 120_000);

afterAll(async () => {
  await service?.stop();
  await anvil?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a two-phase Transparent release, only with manifest-guard commands', () => {
  let rollbackId: Hex;
  let releaseId: Hex;
  /** The block before the release's first execution: `watch` reads from here. */
  let beforeExecution: bigint;
  const upgrades = () => {
    const { transparent, uups, beacon } = desk.proxies;
    const { poolV1, poolV2, vaultV1, vaultV2 } = desk.implementations;
    const initializeV2 = encodeFunctionData({ abi: demoPoolV2Abi, functionName: 'initializeV2', args: [100n] });
    return {
      rollback: [`${transparent.proxy}=${poolV1},${uups.proxy}=${vaultV1},${beacon.proxy}=${poolV1}`],
      canary: `${transparent.proxy}=${poolV2}:${initializeV2}`,
      rest: `${uups.proxy}=${vaultV2},${beacon.proxy}=${poolV2}`,
    };
  };

  test('init, seal, register and approve the rollback (one approval signed offline with EIP-712)', async () => {
    const init = await cli([
      'init',
      ...rpc,
      '--guard',
      desk.guard,
      '--kind',
      'Rollback',
      '--ticket',
      'RB-42 back to v1',
      '--phase',
      upgrades().rollback[0]!,
      '--out',
      file('rollback.json'),
      '--evidence-out',
      file('rollback-evidence.json'),
      '--json',
    ]);
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    expect(init.json).toMatchObject({ kind: 'Rollback', phases: 1, steps: 3 });
    expect(init.json.proxies).toEqual([
      desk.proxies.transparent.proxy,
      desk.proxies.uups.proxy,
      desk.proxies.beacon.proxy,
    ]);

    await completeEvidence('rollback-evidence.json');
    const seal = (more: string[] = []) =>
      cli([
        'hash',
        '--package',
        file('rollback.json'),
        '--evidence',
        file('rollback-evidence.json'),
        '--seal',
        ...more,
        '--json',
      ]);
    // The rollback's own simulation is not in its packet: sealing it needs saying so.
    const refused = await seal();
    expect(refused.code).toBe(2);
    expect(refused.json.error).toMatchObject({ name: 'EvidenceNotSealableError' });
    expect(refused.stderr).toContain('rollback-evidence.json is incomplete: simulation: not sealed.');
    expect(refused.stderr).toContain('--allow-incomplete');
    const sealed = await seal(['--allow-incomplete']);
    expect(sealed.code).toBe(0);
    expect(sealed.json).toMatchObject({ sealed: true, evidenceMatches: true, incomplete: ['simulation'] });
    expect(sealed.stderr).toContain('warning: sealed an incomplete evidence packet (simulation)');
    rollbackId = sealed.json.manifestId;

    const register = await cli(
      ['register', ...rpc, '--package', file('rollback.json'), '--json'],
      signer(desk.accounts.proposer),
    );
    expect(register.code).toBe(0);
    expect(register.json).toMatchObject({ manifestId: rollbackId, registered: true, state: { status: 'Registered' } });

    const [onchain, signed] = await Promise.all([
      cli(['approve', ...rpc, '--package', file('rollback.json'), '--json'], signer(desk.accounts.approvers[0])),
      cli(
        ['approve', '--package', file('rollback.json'), '--sign', '--out', file('approval.json'), '--json'],
        signer(desk.accounts.approvers[1]),
      ),
    ]);
    expect(onchain.code).toBe(0);
    expect(signed.code).toBe(0);
    expect(signed.json).toMatchObject({
      manifestId: rollbackId,
      approver: desk.accounts.approvers[1].address,
      chainId: desk.chainId,
    });
    // Anyone may submit the signature: here the executor pays the gas.
    const submitted = await cli(
      ['approve', ...rpc, '--signature', file('approval.json'), '--json'],
      signer(desk.accounts.executor),
    );
    expect(submitted.code).toBe(0);
    expect(submitted.json.state).toMatchObject({ status: 'Approved', approvals: '2/2' });
  });

  test('init the release in two canary phases; validate holds until the evidence is complete', async () => {
    const { canary, rest } = upgrades();
    const init = await cli([
      'init',
      ...rpc,
      '--guard',
      desk.guard,
      '--ticket',
      'REL-42 pool and vault v2',
      '--rollback',
      file('rollback.json'),
      '--phase',
      canary,
      '--phase',
      rest,
      '--soak',
      '1h',
      '--out',
      file('release.json'),
      '--evidence-out',
      file('evidence.json'),
      '--json',
    ]);
    expect(init.code).toBe(0);
    expect(init.json).toMatchObject({ kind: 'Release', phases: 2, steps: 3 });
    const pkg = await readJson('release.json');
    expect(pkg.rollback).toBe(rollbackId);
    expect(pkg.phases[0].minSoak).toBe(3600);
    expect(pkg.phases[0].steps[0].to).toBe(desk.proxies.transparent.proxyAdmin);

    const validate = await cli([
      'validate',
      '--package',
      file('release.json'),
      '--evidence',
      file('evidence.json'),
      '--json',
    ]);
    expect(validate.code).toBe(1);
    expect(validate.json.valid).toBe(true);
    expect(validate.json.evidence.gaps.map((gap: { part: string }) => gap.part)).toEqual([
      'simulation',
      'invariants',
      'approvals',
    ]);
    await completeEvidence('evidence.json');
  });

  test('simulate: both phases on a fork, drift rejected, the rollback rehearsed; recorded in the evidence', async () => {
    const simulate = await cli([
      'simulate',
      ...rpc,
      '--package',
      file('release.json'),
      '--rollback-package',
      file('rollback.json'),
      '--fork-port',
      '8641',
      '--record',
      file('evidence.json'),
      '--json',
    ]);
    // A long-running command: progress on stderr even where it is not a terminal (CI logs).
    expect(simulate.stderr).toMatch(/^… /m);
    expect(simulate.code).toBe(0);
    expect(simulate.json.success).toBe(true);
    expect(
      simulate.json.phases.map((phase: { phase: number; driftRejected: boolean }) => [
        phase.phase,
        phase.driftRejected,
      ]),
    ).toEqual([
      [0, true],
      [1, true],
    ]);
    expect(simulate.json.rollbackRehearsal).toMatchObject({
      rollbackManifestId: rollbackId,
      restored: true,
      differences: 0,
    });
    expect((await readJson('evidence.json')).simulation).toMatchObject({
      success: true,
      rollbackRehearsal: { restored: true },
    });
  });

  test('hash --seal: the guard computes the same manifest id; the package validates with its evidence', async () => {
    const seal = await cli([
      'hash',
      ...rpc,
      '--package',
      file('release.json'),
      '--evidence',
      file('evidence.json'),
      '--seal',
      '--json',
    ]);
    expect(seal.code).toBe(0);
    expect(seal.json).toMatchObject({
      sealed: true,
      evidenceMatches: true,
      onChain: { matches: true, status: 'None' },
    });
    releaseId = seal.json.manifestId;
    const [validate, lane, authority] = await Promise.all([
      cli(['validate', '--package', file('release.json'), '--evidence', file('evidence.json'), '--json']),
      cli(['lane', ...rpc, '--package', file('release.json'), '--json']),
      cli(['authority', ...rpc, '--package', file('release.json'), '--json']),
    ]);
    expect(validate.code).toBe(0);
    expect(validate.json.evidence).toMatchObject({ complete: true, gaps: [], hashMatches: true });
    expect(lane.code).toBe(0);
    expect(lane.json).toMatchObject({ lane: 'routine', reasons: [], onChain: { lane: 'routine', matches: true } });
    expect(lane.json.requirements).toEqual({ approvals: 2, delay: 3600 });
    expect(authority.code).toBe(0);
    expect(authority.json.findings).toEqual([]);
    expect(authority.json.proxies.map((entry: { kind: string }) => entry.kind)).toEqual([
      'transparent-v5',
      'uups',
      'beacon',
    ]);
  });

  test('register and approve the release; the gate rejects a drifted payload, naming the rule and the values', async () => {
    const register = await cli(
      ['register', ...rpc, '--package', file('release.json'), '--json'],
      signer(desk.accounts.proposer),
    );
    expect(register.json).toMatchObject({ manifestId: releaseId, state: { lane: 'routine' } });
    // Both approvers at once, as two people do: each process estimates its gas before the other's approval may be
    // mined, and the one mined second takes the costlier path that reaches the threshold.
    const approvals = await Promise.all(
      desk.accounts.approvers.map((approver) =>
        cli(['approve', ...rpc, '--package', file('release.json'), '--json'], signer(approver)),
      ),
    );
    expect(
      approvals.map((result) => result.code),
      approvals.map((result) => result.stderr).join('\n'),
    ).toEqual([0, 0]);

    // The fee cap was edited after review: initializeV2(100) became initializeV2(10000).
    const step = (await readJson('release.json')).phases[0].steps[0];
    const drifted = step.data.replace(pad('0x64').slice(2), pad('0x2710').slice(2));
    expect(drifted).not.toBe(step.data);
    await writeJson('drift.json', { to: step.to, value: '0', data: drifted, operation: 0 });
    const [gate, human] = await Promise.all([
      cli([
        'gate',
        ...rpc,
        '--package',
        file('release.json'),
        '--evidence',
        file('evidence.json'),
        '--tx',
        file('drift.json'),
        '--json',
      ]),
      cli([
        'gate',
        ...rpc,
        '--package',
        file('release.json'),
        '--evidence',
        file('evidence.json'),
        '--tx',
        file('drift.json'),
      ]),
    ]);
    expect(gate.code).toBe(2);
    expect(gate.json).toMatchObject({
      manifestId: releaseId,
      targetProxy: desk.proxies.transparent.proxy,
      lane: 'routine',
      // The guard's answer: the rollback is approved but its own delay has not passed yet (no waiver).
      rollbackReady: false,
      decision: 'reject',
    });
    expect(Object.keys(gate.json)).toEqual(
      expect.arrayContaining(['packageHash', 'targetProxy', 'lane', 'rollbackReady', 'decision', 'reasons']),
    );
    const rules = gate.json.reasons.map((reason: { rule: string }) => reason.rule);
    expect(rules).toEqual(expect.arrayContaining(['guard:ManifestGuardNoMatchingStep', 'stepMismatch']));
    const mismatch = gate.json.reasons.find((reason: { rule: string }) => reason.rule === 'stepMismatch');
    expect(mismatch.values).toMatchObject({ phase: 0, step: 0, differs: ['data'], proposedTo: step.to });
    expect(human.code).toBe(2);
    expect(human.stdout).toContain('✗ REJECT');
    expect(human.stdout).toMatch(/reject stepMismatch: .*step 0 of phase 0/);
  });

  test('phase 1: owners sign (Safe queue and approveHash), execute holds inside the delay, then executes', async () => {
    beforeExecution = await clients.publicClient.getBlockNumber();
    const proposals = await Promise.all([
      cli(
        ['propose', ...rpc, '--package', file('release.json'), '--tx-service', service.url, '--json'],
        signer(desk.accounts.owners[0]),
      ),
      cli(
        ['propose', ...rpc, '--package', file('release.json'), '--onchain', '--json'],
        signer(desk.accounts.owners[1]),
      ),
    ]);
    expect(proposals.map((result) => result.code)).toEqual([0, 0]);
    expect(proposals[0]!.json.steps[0]).toMatchObject({ action: 'proposed', confirmations: 1 });
    expect(proposals[1]!.json.steps[0]).toMatchObject({ action: 'approvedHash', confirmations: 1 });
    expect(proposals[0]!.json.steps[0].safeTxHash).toBe(proposals[1]!.json.steps[0].safeTxHash);

    const execute = [
      'execute',
      ...rpc,
      '--package',
      file('release.json'),
      '--evidence',
      file('evidence.json'),
      '--tx-service',
      service.url,
      '--json',
    ];
    const early = await cli(execute, signer(desk.accounts.executor));
    expect(early.code, `${early.stderr}${early.stdout}`).toBe(1);
    expect(early.json.executed).toEqual([]);
    expect(early.json.stopped.reasons.map((reason: { rule: string }) => reason.rule)).toContain('tooEarly');

    await advance(3601);
    const done = await cli(execute, signer(desk.accounts.executor));
    expect(done.code).toBe(0);
    expect(done.json.executed).toHaveLength(1);
    // Each hash on stderr as soon as it was sent, before its receipt.
    expect(done.stderr).toContain(`sent: ${done.json.executed[0].txHash} from ${desk.accounts.executor.address}`);
    expect(done.stderr).not.toMatch(/^(error|warning):/m);
    expect(done.json.state).toMatchObject({ status: 'Approved', phase: '1/2', gateOpen: false });
  });

  test('phase 2: "continue" after the soak, signed by two owners, executed; the release completes', async () => {
    await advance(3601);
    await writeJson('metrics.json', { errorRate: 0, reserves: '1000000' });
    const advanceResult = await cli(
      ['advance', ...rpc, '--package', file('release.json'), '--metrics', file('metrics.json'), '--json'],
      signer(desk.accounts.approvers[0]),
    );
    expect(advanceResult.code).toBe(0);
    expect(advanceResult.json).toMatchObject({ phase: 1, state: { gateOpen: true } });

    const proposals = await Promise.all([
      cli(
        ['propose', ...rpc, '--package', file('release.json'), '--tx-service', service.url, '--json'],
        signer(desk.accounts.owners[0]),
      ),
      cli(
        ['propose', ...rpc, '--package', file('release.json'), '--onchain', '--json'],
        signer(desk.accounts.owners[2]),
      ),
    ]);
    expect(proposals.map((result) => result.code)).toEqual([0, 0]);
    expect(proposals[0]!.json.steps.map((step: { step: number }) => step.step)).toEqual([0, 1]);
    const done = await cli(
      [
        'execute',
        ...rpc,
        '--package',
        file('release.json'),
        '--evidence',
        file('evidence.json'),
        '--tx-service',
        service.url,
        '--json',
      ],
      signer(desk.accounts.executor),
    );
    expect(done.code).toBe(0);
    expect(done.json.executed.map((step: { step: number }) => step.step)).toEqual([0, 1]);
    expect(done.json.state).toMatchObject({ status: 'Completed', phase: '2/2' });
  });

  test('verify and watch: both phases as planned; then an out-of-band implementation change is caught', async () => {
    const watch = startCli([
      'watch',
      ...rpc,
      '--package',
      file('release.json'),
      '--package',
      file('rollback.json'),
      '--from-block',
      String(beforeExecution),
      '--interval',
      '300ms',
      '--exit-on-alert',
      '--json',
    ]);
    try {
      const verify = (phase: number) =>
        cli([
          'verify',
          ...rpc,
          '--package',
          file('release.json'),
          '--rollback-package',
          file('rollback.json'),
          '--phase',
          String(phase),
          '--json',
        ]);
      const [phase0, phase1, status] = await Promise.all([
        verify(0),
        verify(1),
        cli(['status', ...rpc, '--guard', desk.guard, '--json']),
      ]);
      expect([phase0.code, phase1.code]).toEqual([0, 0]);
      expect(phase1.json).toMatchObject({ ok: true, findings: [] });
      expect(status.code).toBe(0);
      expect(
        status.json.manifests.map((m: { id: Hex; status: string; ticket: string }) => [m.id, m.status, m.ticket]),
      ).toEqual([
        [rollbackId, 'Approved', 'RB-42 back to v1'],
        [releaseId, 'Completed', 'REL-42 pool and vault v2'],
      ]);
      const ok = (phase: number) => (line: string) => line.includes('"type":"ok"') && line.includes(`"phase":${phase}`);
      await watch.waitForLine(ok(0), 60_000);
      await watch.waitForLine(ok(1), 60_000);

      // Someone puts the pool back on v1 behind the Safe's back (a storage write, then the next block).
      const { proxy } = desk.proxies.transparent;
      await clients.testClient.setStorageAt({
        address: proxy,
        index: eip1967Slots.implementation,
        value: pad(desk.implementations.poolV1),
      });
      await clients.testClient.mine({ blocks: 1 });
      const [diverged, watched, freeze, halt] = await Promise.all([
        cli([
          'verify',
          ...rpc,
          '--package',
          file('release.json'),
          '--rollback-package',
          file('rollback.json'),
          '--phase',
          '0',
        ]),
        watch.exited,
        // Containment, as the plan says: the guardian freezes the Safe; the completed release cannot be halted.
        cli(['freeze', ...rpc, '--guard', desk.guard, '--duration', '1h', '--json'], signer(desk.accounts.guardian)),
        cli(['halt', ...rpc, '--package', file('release.json')], signer(desk.accounts.guardian)),
      ]);
      expect(freeze.code).toBe(0);
      expect(freeze.json.frozen).toBe(true);
      expect(halt.code).toBe(2);
      expect(halt.stderr).toMatch(
        /error: halt\(0x[0-9a-f]{64}\) was rejected: 0x[0-9a-f]{4}…[0-9a-f]{4} is already completed: only a registered or approved manifest can be halted\./,
      );
      expect(halt.stderr).toContain("The guard's error: ManifestGuardInvalidStatus(");
      expect(halt.stderr).toContain('contain with `manifest-guard freeze` and run its rollback package');
      expect(diverged.code).toBe(2);
      expect(diverged.stdout).toContain('implementationSlot');
      expect(diverged.stdout).toContain(
        `expected ${desk.implementations.poolV2}, observed ${desk.implementations.poolV1}`,
      );
      expect(diverged.stdout).toContain(`Run the pre-approved rollback ${rollbackId}`);

      expect(watched.code).toBe(2);
      const alert = JSON.parse(watched.stdout.split('\n').find((line) => line.includes('"type":"alert"'))!);
      expect(alert).toMatchObject({ manifestId: releaseId, phase: 0 });
      // A failed check of the phase makes it a stop condition (its response is in the table), else a divergence.
      expect(['stopCondition', 'divergence']).toContain(alert.reason);
      expect(alert.findings).toContainEqual(
        expect.objectContaining({
          rule: 'implementationSlot',
          expected: desk.implementations.poolV2,
          actual: desk.implementations.poolV1,
        }),
      );
    } finally {
      watch.stop();
    }
  });
});

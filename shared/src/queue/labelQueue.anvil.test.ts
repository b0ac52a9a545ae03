import { type Hex, encodeFunctionData } from 'viem';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

import { setFee, upgradeRelease, upgradeRollback } from '../../devkit/demo/releasePlan.js';
import { type DeskClients, type LocalDesk, deployLocalDesk, deskClients } from '../../devkit/devnet/localDesk.js';
import { advance, guardWrite, registerOnDesk } from '../../devkit/fixtures/deskFixtures.js';
import { type AnvilInstance, startAnvil } from '../fork/anvil.js';
import { demoPoolV2Abi, proxyAdminAbi } from '../generated/index.js';
import type { Manifest, Step } from '../guard/manifest.js';
import { safeTransaction, safeTxHashes } from '../safe/safeTx.js';
import { approveHash } from './approveHash.js';
import { executeWithApprovals } from './execute.js';
import { labelQueue } from './labelQueue.js';
import { placeProposals } from './placeProposals.js';
import type { KnownManifest, LabelledEntry, QueueEntry } from './queueLabels.js';
import { readQueueSafeState } from './safeState.js';

vi.setConfig({ testTimeout: 60_000 });

const TICKET = 'REL-42 pool and vault v2';
const abis = [{ contract: 'DemoPoolV2', abi: demoPoolV2Abi }];

let anvil: AnvilInstance;
let desk: LocalDesk;
let clients: DeskClients;
let release: Manifest;
let releaseId: Hex;
let rollback: Manifest;
let rollbackId: Hex;
let manifests: KnownManifest[];
/** The Safe's nonce when the test starts: the canary goes there. */
let first: bigint;

beforeAll(async () => {
  anvil = await startAnvil({ port: 8700 });
  desk = await deployLocalDesk({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId });
  clients = deskClients(anvil.rpcUrl, anvil.chainId);
  const now = (await clients.publicClient.getBlock()).timestamp;
  rollback = upgradeRollback(desk, now);
  rollbackId = await registerOnDesk(clients, desk, rollback);
  release = upgradeRelease(desk, now, rollbackId);
  releaseId = await registerOnDesk(clients, desk, release);
  manifests = [
    { id: rollbackId, manifest: rollback },
    { id: releaseId, manifest: release },
  ];
  await advance(clients, 3601);
  first = (await readQueueSafeState(clients.publicClient, desk.safe)).nonce;
}, 120_000);

afterAll(async () => {
  await anvil?.stop();
});

const step = (phase: number, index: number) => release.phases[phase]!.steps[index]!;
/** The canary step with another `initializeV2` argument. */
const drifted = (fee: bigint): Step => ({
  ...step(0, 0),
  data: encodeFunctionData({
    abi: proxyAdminAbi,
    functionName: 'upgradeAndCall',
    args: [
      desk.proxies.transparent.proxy,
      desk.implementations.poolV2,
      encodeFunctionData({ abi: demoPoolV2Abi, functionName: 'initializeV2', args: [fee] }),
    ],
  }),
});
const entry = (call: Step, nonce: bigint, confirmations: number): QueueEntry => ({
  safeTxHash: safeTxHashes({
    safe: desk.safe,
    chainId: desk.chainId,
    transaction: safeTransaction({ ...call, operation: call.operation === 1 ? 1 : 0, nonce }),
  }).safeTxHash,
  nonce,
  call: { ...call, operation: call.operation === 1 ? 1 : 0 },
  confirmations,
});
const label = async (entries: QueueEntry[]) => {
  const { nonce, threshold } = await readQueueSafeState(clients.publicClient, desk.safe);
  const labelled = await labelQueue({
    publicClient: clients.publicClient,
    guard: desk.guard,
    safe: desk.safe,
    safeNonce: nonce,
    threshold,
    executor: desk.accounts.executor.address,
    entries,
    manifests,
    abis,
  });
  return { labelled, safeNonce: nonce };
};
const byHash = (labelled: LabelledEntry[], queued: QueueEntry) =>
  labelled.find((item) => item.safeTxHash === queued.safeTxHash)!;

describe('labelQueue on the desk', () => {
  let canary: QueueEntry;
  let competitor: QueueEntry;
  let stranger: QueueEntry;
  let phaseTwo: QueueEntry;

  test('the next step, a drifted competitor at its nonce, a later step and a call matching nothing', async () => {
    canary = entry(step(0, 0), first, 1);
    competitor = entry(drifted(101n), first, 2);
    phaseTwo = entry(step(1, 0), first + 1n, 0);
    stranger = entry(setFee(desk.proxies.transparent.proxy, 99n), first + 2n, 2);
    const { labelled } = await label([stranger, phaseTwo, competitor, canary]);

    // Sorted by nonce, then safeTxHash.
    expect(labelled.map((item) => item.nonce)).toEqual([first, first, first + 1n, first + 2n]);
    expect(labelled[0]!.safeTxHash < labelled[1]!.safeTxHash).toBe(true);

    const green = byHash(labelled, canary);
    expect(green).toMatchObject({
      label: 'step',
      competing: [competitor.safeTxHash],
      position: { manifestId: releaseId, ticket: TICKET, phase: 0, step: 0 },
      verdict: { allowed: true, reason: '0x' },
      nearest: undefined,
      ready: false,
      why: `nonce ${first} is phase 1, step 1 of ${TICKET}`,
    });

    const red = byHash(labelled, competitor);
    expect(red).toMatchObject({ label: 'nothing', competing: [canary.safeTxHash], position: undefined, ready: false });
    expect(red.verdict.allowed).toBe(false);
    expect(red.nearest).toEqual({
      manifestId: releaseId,
      ticket: TICKET,
      phase: 0,
      step: 0,
      differences: [{ field: 'upgradeAndCall.data → initializeV2.feeCapBps_', expected: '100', actual: '101' }],
    });
    expect(red.why).toBe(
      `nonce ${first} matches no approved step: do not sign it (nearest: phase 1, step 1 of ${TICKET}; ` +
        'upgradeAndCall.data → initializeV2.feeCapBps_: 100 → 101)',
    );

    const later = byHash(labelled, phaseTwo);
    expect(later).toMatchObject({
      label: 'step',
      competing: [],
      position: { manifestId: releaseId, phase: 1, step: 0 },
      ready: false,
    });
    expect(later.verdict.allowed).toBe(false);
    expect(later.why).toMatch(new RegExp(`^nonce ${first + 1n} is phase 2, step 1 of ${TICKET}; the guard does not`));

    const unknown = byHash(labelled, stranger);
    expect(unknown).toMatchObject({ label: 'nothing', competing: [], position: undefined, ready: false });
    expect(unknown.nearest?.differences.length).toBeGreaterThan(0);
    expect(unknown.why).toMatch(new RegExp(`^nonce ${first + 2n} matches no approved step: do not sign it`));

    // The canary and the phase-2 step are live: one proposal goes after them and replaces the stranger.
    expect(placeProposals(labelled, first, 1)).toEqual({
      nonce: first + 2n,
      replaces: [{ nonce: first + 2n, safeTxHash: stranger.safeTxHash, why: unknown.why }],
    });
  });

  test('ready only with the threshold’s confirmations, and then it executes', async () => {
    const { labelled: one } = await label([canary]);
    expect(one[0]!.ready).toBe(false);
    const confirmed = { ...canary, confirmations: 2 };
    const { labelled: two } = await label([confirmed]);
    expect(two[0]!).toMatchObject({ label: 'step', ready: true });
    expect(two[0]!.why).toBe(`nonce ${first} is phase 1, step 1 of ${TICKET}; ready to execute`);

    for (const owner of [desk.accounts.owners[0], desk.accounts.owners[1]])
      await approveHash({ clients, safe: desk.safe, safeTxHash: canary.safeTxHash, owner });
    const { receipt } = await executeWithApprovals({
      clients,
      safe: desk.safe,
      call: step(0, 0),
      nonce: first,
      executor: desk.accounts.executor,
    });
    expect(receipt.status).toBe('success');
  });

  test('after the canary: its nonce is used, and a copy of the executed step is dead', async () => {
    const copy = entry(step(0, 0), first + 3n, 2);
    const { labelled, safeNonce } = await label([canary, competitor, copy]);
    expect(safeNonce).toBe(first + 1n);
    expect(byHash(labelled, competitor)).toMatchObject({
      label: 'dead',
      why: `nonce ${first} was used by another transaction: it can never execute`,
    });
    expect(byHash(labelled, canary).label).toBe('dead');
    expect(byHash(labelled, copy)).toMatchObject({
      label: 'dead',
      ready: false,
      why: `nonce ${first + 3n} holds phase 1, step 1 of ${TICKET}, which already executed`,
    });
  });

  test('after a guardian halts the release, its queued step is dead and the rollback takes its nonce', async () => {
    await guardWrite(clients, desk, desk.accounts.guardian, 'halt', [releaseId]);
    const { labelled, safeNonce } = await label([phaseTwo, stranger]);
    const dead = byHash(labelled, phaseTwo);
    expect(dead).toMatchObject({
      label: 'dead',
      position: { manifestId: releaseId, ticket: TICKET, phase: 1, step: 0 },
      ready: false,
      why: `nonce ${first + 1n} holds a step of a halted manifest (${TICKET})`,
    });

    const placement = placeProposals(labelled, safeNonce, rollback.phases[0]!.steps.length);
    expect(placement).toEqual({
      nonce: first + 1n,
      replaces: [
        { nonce: first + 1n, safeTxHash: phaseTwo.safeTxHash, why: dead.why },
        { nonce: first + 2n, safeTxHash: stranger.safeTxHash, why: byHash(labelled, stranger).why },
      ],
    });

    // The rollback's first step, proposed there, is a live step the executor can run once confirmed.
    const rollbackStep = entry(rollback.phases[0]!.steps[0]!, placement.nonce, 2);
    const { labelled: after } = await label([phaseTwo, rollbackStep]);
    expect(byHash(after, rollbackStep)).toMatchObject({
      label: 'step',
      competing: [phaseTwo.safeTxHash],
      position: { manifestId: rollbackId, ticket: rollback.ticket, phase: 0, step: 0 },
      ready: true,
    });
  });

  test('a step whose window closed is dead, in the guard’s words', async () => {
    const rollbackStep = entry(rollback.phases[0]!.steps[0]!, first + 1n, 2);
    // Past the rollback's 60-day window.
    await advance(clients, 61 * 24 * 3600);
    const { labelled } = await label([rollbackStep]);
    expect(labelled[0]!).toMatchObject({
      label: 'dead',
      position: { manifestId: rollbackId, phase: 0, step: 0 },
      ready: false,
      why: `nonce ${first + 1n} holds a step of ${rollback.ticket}, whose window has closed`,
    });
    expect(labelled[0]!.verdict.allowed).toBe(false);
    expect(placeProposals(labelled, first + 1n, 1).replaces).toEqual([
      { nonce: first + 1n, safeTxHash: rollbackStep.safeTxHash, why: labelled[0]!.why },
    ]);
  });
});

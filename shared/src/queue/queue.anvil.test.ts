import SafeApiKit from '@safe-global/api-kit';
import { type Address, type Hex, getAddress } from 'viem';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

import { setFee, upgradeRelease, upgradeRollback } from '../../devkit/demo/releasePlan.js';
import { type AnvilInstance, startAnvil } from '../fork/anvil.js';
import { type DeskClients, type LocalDesk, deployLocalDesk, deskClients } from '../../devkit/devnet/localDesk.js';
import { upgradeableBeaconAbi } from '../generated/index.js';
import { advance, guardWrite, registerOnDesk } from '../../devkit/fixtures/deskFixtures.js';
import type { Manifest } from '../guard/manifest.js';
import { safeTransaction, safeTxHashes } from '../safe/safeTx.js';
import { type StartTxServiceReturnType, startTxService } from '../../devkit/txservice/server.js';
import { approveHash } from './approveHash.js';
import { confirmSafeTransaction } from './confirm.js';
import {
  ExecutionRejectedError,
  NotAnOwnerError,
  NotEnoughConfirmationsError,
  ServiceDataMismatchError,
  StaleNonceError,
} from './errors.js';
import { executeQueued, executeWithApprovals } from './execute.js';
import { pendingTransactions } from './pending.js';
import { proposeSafeTransaction } from './propose.js';
import { verifiedTransaction } from './serviceTransaction.js';

vi.setConfig({ testTimeout: 60_000 });

/** EIP-1967 implementation slot. */
const IMPLEMENTATION_SLOT: Hex = '0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc';

let anvil: AnvilInstance;
let desk: LocalDesk;
let clients: DeskClients;
let service: StartTxServiceReturnType;
let apiKit: SafeApiKit;
let release: Manifest;
let releaseId: Hex;
let canaryHash: Hex;
let decoyHash: Hex;

beforeAll(async () => {
  anvil = await startAnvil({ port: 8621 });
  desk = await deployLocalDesk({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId });
  clients = deskClients(anvil.rpcUrl, anvil.chainId);
  service = await startTxService({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, port: 0 });
  apiKit = new SafeApiKit({ chainId: BigInt(anvil.chainId), txServiceUrl: service.url });
  const now = (await clients.publicClient.getBlock()).timestamp;
  const rollbackId = await registerOnDesk(clients, desk, upgradeRollback(desk, now));
  release = upgradeRelease(desk, now, rollbackId);
  releaseId = await registerOnDesk(clients, desk, release);
  await advance(clients, 3601);
}, 120_000);

afterAll(async () => {
  await service?.stop();
  await anvil?.stop();
});

const step = (phase: number, index: number) => release.phases[phase]!.steps[index]!;
const implementation = async (proxy: Address) =>
  getAddress(
    `0x${((await clients.publicClient.getStorageAt({ address: proxy, slot: IMPLEMENTATION_SLOT })) ?? '0x').slice(-40)}`,
  );
const queue = () =>
  pendingTransactions({ apiKit, publicClient: clients.publicClient, chainId: desk.chainId, safe: desk.safe });

describe('through the transaction service', () => {
  test('an owner proposes the canary step of the demo release at the next nonce', async () => {
    const proposed = await proposeSafeTransaction({
      apiKit,
      chainId: desk.chainId,
      safe: desk.safe,
      call: step(0, 0),
      signer: desk.accounts.owners[0],
      origin: 'REL-42 phase 1',
    });
    canaryHash = proposed.safeTxHash;
    expect(proposed.transaction.nonce).toBe(1n);
    expect(canaryHash).toBe(
      safeTxHashes({
        safe: desk.safe,
        chainId: desk.chainId,
        transaction: safeTransaction({ ...step(0, 0), operation: 0, nonce: 1n }),
      }).safeTxHash,
    );
    const [entry] = await queue();
    expect(entry).toMatchObject({
      safeTxHash: canaryHash,
      nonce: 1n,
      proposer: desk.accounts.owners[0].address,
      origin: 'REL-42 phase 1',
      confirmations: [{ owner: desk.accounts.owners[0].address, source: 'service', signatureType: 'EOA' }],
      confirmationsRequired: 2,
      ready: false,
      nonceTaken: false,
      warnings: [],
    });
  });

  test('a decoy at the same nonce is flagged as sharing it', async () => {
    const decoy = await proposeSafeTransaction({
      apiKit,
      chainId: desk.chainId,
      safe: desk.safe,
      call: setFee(desk.proxies.transparent.proxy, 99n),
      signer: desk.accounts.owners[2],
      nonce: 1n,
    });
    decoyHash = decoy.safeTxHash;
    const entries = await queue();
    expect(entries.map((entry) => entry.safeTxHash)).toEqual([canaryHash, decoyHash]);
    expect(
      entries.every(
        (entry) => entry.warnings[0] === '2 queued transactions share nonce 1: only one of them can execute.',
      ),
    ).toBe(true);
  });

  test('errors: execution with one of two confirmations says who can still confirm', async () => {
    const error = await executeQueued({
      apiKit,
      clients,
      safeTxHash: canaryHash,
      executor: desk.accounts.executor,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotEnoughConfirmationsError);
    expect((error as Error).message).toContain('has 1 of 2 confirmations');
    expect((error as Error).message).toContain(desk.accounts.owners[1].address);
  });

  test('a second owner confirms; the step is ready', async () => {
    const confirmed = await confirmSafeTransaction({
      apiKit,
      chainId: desk.chainId,
      safeTxHash: canaryHash,
      signer: desk.accounts.owners[1],
    });
    expect(confirmed).toEqual({ safeTxHash: canaryHash, added: true, confirmations: 2, confirmationsRequired: 2 });
    const again = await confirmSafeTransaction({
      apiKit,
      chainId: desk.chainId,
      safeTxHash: canaryHash,
      signer: desk.accounts.owners[1],
    });
    expect(again.added).toBe(false);
    const [entry] = await queue();
    expect(entry!.ready).toBe(true);
  });

  test('the executor executes it through the guard; the service then reports it executed', async () => {
    expect(await implementation(desk.proxies.transparent.proxy)).toBe(desk.implementations.poolV1);
    const { transactionHash, receipt } = await executeQueued({
      apiKit,
      clients,
      safeTxHash: canaryHash,
      executor: desk.accounts.executor,
    });
    expect(receipt.status).toBe('success');
    expect(await implementation(desk.proxies.transparent.proxy)).toBe(desk.implementations.poolV2);
    const executed = await apiKit.getTransaction(canaryHash);
    expect(executed).toMatchObject({
      isExecuted: true,
      isSuccessful: true,
      transactionHash,
      blockNumber: Number(receipt.blockNumber),
      executor: desk.accounts.executor.address,
    });
    expect(executed.signatures).toMatch(/^0x[0-9a-f]{260}$/);
    const history = await apiKit.getMultisigTransactions(desk.safe, { executed: true });
    expect(history.results.map((tx) => tx.safeTxHash)).toEqual([canaryHash]);
    const pending = await apiKit.getPendingTransactions(desk.safe);
    expect(pending.results.map((tx) => tx.safeTxHash)).not.toContain(canaryHash);
  });

  test('stale nonce: the decoy is flagged, and executing it says why it never can', async () => {
    const entries = await queue();
    expect(entries.map((entry) => entry.safeTxHash)).toEqual([decoyHash]);
    expect(entries[0]).toMatchObject({ nonceTaken: true, ready: false });
    expect(entries[0]!.warnings).toEqual([
      'The signatures were collected for nonce 1, which another transaction has used (the Safe is at nonce 2): this ' +
        'transaction can never execute. Propose it again at nonce 2 or later.',
    ]);
    await confirmSafeTransaction({
      apiKit,
      chainId: desk.chainId,
      safeTxHash: decoyHash,
      signer: desk.accounts.owners[0],
    });
    await expect(
      executeQueued({ apiKit, clients, safeTxHash: decoyHash, executor: desk.accounts.executor }),
    ).rejects.toThrow(StaleNonceError);
  });

  test('errors: a confirmed transaction outside the manifest is refused by the guard, with its rule', async () => {
    const { safeTxHash } = await proposeSafeTransaction({
      apiKit,
      chainId: desk.chainId,
      safe: desk.safe,
      call: setFee(desk.proxies.transparent.proxy, 5000n),
      signer: desk.accounts.owners[0],
    });
    await confirmSafeTransaction({ apiKit, chainId: desk.chainId, safeTxHash, signer: desk.accounts.owners[2] });
    const error = await executeQueued({ apiKit, clients, safeTxHash, executor: desk.accounts.executor }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ExecutionRejectedError);
    expect((error as ExecutionRejectedError).guardError).toMatch(/^ManifestGuard\w+\(/);
  });
});

describe('service-free: approveHash on chain, then pre-validated signatures', () => {
  test('phase 2 of the release executes with two on-chain approvals', async () => {
    await advance(clients, 3600);
    await guardWrite(clients, desk, desk.accounts.approvers[0], 'attestContinue', [
      releaseId,
      1n,
      `0x${'11'.repeat(32)}`,
    ]);
    const nonce = 2n;
    const transaction = safeTransaction({ ...step(1, 0), operation: 0, nonce });
    const { safeTxHash } = safeTxHashes({ safe: desk.safe, chainId: desk.chainId, transaction });
    await approveHash({ clients, safe: desk.safe, safeTxHash, owner: desk.accounts.owners[1] });
    await expect(
      executeWithApprovals({ clients, safe: desk.safe, call: step(1, 0), executor: desk.accounts.executor }),
    ).rejects.toThrow(NotEnoughConfirmationsError);
    await approveHash({ clients, safe: desk.safe, safeTxHash, owner: desk.accounts.owners[2] });
    const { receipt } = await executeWithApprovals({
      clients,
      safe: desk.safe,
      call: step(1, 0),
      executor: desk.accounts.executor,
    });
    expect(receipt.status).toBe('success');
    expect(await implementation(desk.proxies.uups.proxy)).toBe(desk.implementations.vaultV2);
  });

  test('an Anvil revert un-executes a queued transaction in the service, and it can execute again', async () => {
    const { safeTxHash } = await proposeSafeTransaction({
      apiKit,
      chainId: desk.chainId,
      safe: desk.safe,
      call: step(1, 1),
      signer: desk.accounts.owners[0],
    });
    await confirmSafeTransaction({ apiKit, chainId: desk.chainId, safeTxHash, signer: desk.accounts.owners[1] });
    const snapshot = await clients.testClient.snapshot();
    const first = await executeQueued({ apiKit, clients, safeTxHash, executor: desk.accounts.executor });
    expect(await apiKit.getTransaction(safeTxHash)).toMatchObject({
      isExecuted: true,
      transactionHash: first.transactionHash,
    });
    await clients.testClient.revert({ id: snapshot });
    expect(await apiKit.getTransaction(safeTxHash)).toMatchObject({ isExecuted: false, transactionHash: null });
    const second = await executeQueued({ apiKit, clients, safeTxHash, executor: desk.accounts.executor });
    expect(await apiKit.getTransaction(safeTxHash)).toMatchObject({
      isExecuted: true,
      transactionHash: second.transactionHash,
    });
    const beaconImplementation = await clients.publicClient.readContract({
      address: desk.proxies.beacon.beacon,
      abi: upgradeableBeaconAbi,
      functionName: 'implementation',
    });
    expect(beaconImplementation).toBe(desk.implementations.poolV2);
  });

  test('errors: a non-owner cannot approve', async () => {
    await expect(
      approveHash({ clients, safe: desk.safe, safeTxHash: `0x${'22'.repeat(32)}`, owner: desk.accounts.proposer }),
    ).rejects.toThrow(NotAnOwnerError);
  });
});

describe('errors: service data is hashed again before use', () => {
  test('a response whose transaction was changed is refused', async () => {
    const response = await apiKit.getTransaction(canaryHash);
    expect(verifiedTransaction(response, desk.chainId).nonce).toBe(1n);
    expect(() => verifiedTransaction({ ...response, to: desk.proxies.uups.proxy }, desk.chainId)).toThrow(
      ServiceDataMismatchError,
    );
    expect(() => verifiedTransaction(response, 1)).toThrow(/refusing to sign or execute it/);
  });
});

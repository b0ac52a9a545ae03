import SafeApiKit from '@safe-global/api-kit';
import { type Address, type Hex, encodeFunctionData, numberToHex } from 'viem';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

import { setFee, upgradeRelease, upgradeRollback } from '../demo/releasePlan.js';
import { type AnvilInstance, startAnvil } from '../../src/fork/anvil.js';
import { type DeskClients, type LocalDesk, deployLocalDesk, deskClients } from '../devnet/localDesk.js';
import { advance, registerOnDesk } from '../fixtures/deskFixtures.js';
import type { Manifest } from '../../src/guard/manifest.js';
import { encodeMultiSend } from '../../src/safe/multiSend.js';
import { multiSendAbi } from '../../src/generated/safe.js';
import { safeTransaction, safeTxHashes } from '../../src/safe/safeTx.js';
import { type StartTxServiceReturnType, startTxService } from '../txservice/server.js';
import { canonicalMultiSendCallOnly } from './batch.js';
import { type StartSafeHostReturnType, startSafeHost, withTxService } from './server.js';

vi.setConfig({ testTimeout: 60_000 });

const APP_URL = 'http://127.0.0.1:8729/manifest-guard/';

let anvil: AnvilInstance;
let desk: LocalDesk;
let clients: DeskClients;
let service: StartTxServiceReturnType;
let host: StartSafeHostReturnType;
let apiKit: SafeApiKit;
let release: Manifest;
let requestId = 0;

beforeAll(async () => {
  anvil = await startAnvil({ port: 8622 });
  desk = await deployLocalDesk({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId });
  clients = deskClients(anvil.rpcUrl, anvil.chainId);
  service = await startTxService({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, port: 0 });
  apiKit = new SafeApiKit({ chainId: BigInt(anvil.chainId), txServiceUrl: service.url });
  host = await startSafeHost({
    rpcUrl: anvil.rpcUrl,
    chainId: anvil.chainId,
    safe: desk.safe,
    appUrl: APP_URL,
    txServiceUrl: service.url,
    port: 0,
  });
  const now = (await clients.publicClient.getBlock()).timestamp;
  const rollbackId = await registerOnDesk(clients, desk, upgradeRollback(desk, now));
  release = upgradeRelease(desk, now, rollbackId);
  await registerOnDesk(clients, desk, release);
  await advance(clients, 3601);
}, 120_000);

afterAll(async () => {
  await host?.stop();
  await service?.stop();
  await anvil?.stop();
});

/** What the page's script does with a message from the app: POST it to the relay with the signed-in owner. */
const relay = async (
  method: string,
  params?: unknown,
  signer: Address = desk.accounts.owners[0].address,
  nonce?: string,
) => {
  const id = `req-${++requestId}`;
  const response = await fetch(host.relayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id, method, params, env: { sdkVersion: '9.1.0' }, signer, nonce }),
  });
  expect(response.status).toBe(200);
  const reply = (await response.json()) as {
    id: string;
    success: boolean;
    version: string;
    data?: any;
    error?: string;
  };
  expect(reply.id).toBe(id);
  expect(reply.version).toBe('9.1.0');
  return reply;
};
const post = async (path: string, body: unknown) => {
  const response = await fetch(new URL(path, host.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
};
const hashAt = (call: { to: Address; value: bigint; data: Hex; operation: number }, nonce: bigint) =>
  safeTxHashes({
    safe: desk.safe,
    chainId: desk.chainId,
    transaction: safeTransaction({ ...call, operation: call.operation === 1 ? 1 : 0, nonce }),
  }).safeTxHash;

describe('the page', () => {
  test('embeds the app and exposes stable test ids', async () => {
    const html = await (await fetch(host.url)).text();
    // The app is told the Transaction Service Safe{Wallet} keeps the queue in (?txService=).
    const src = withTxService(APP_URL, service.url);
    expect(src).toBe(`${APP_URL}?txService=${encodeURIComponent(service.url)}`);
    expect(html).toContain(`id="app-frame" data-testid="app-frame" title="Safe App" src="${src}"`);
    for (const testid of ['owner-select', 'host-nonce', 'safe-address', 'queue', 'queue-refresh', 'host-status'])
      expect(html).toContain(`data-testid="${testid}"`);
    expect(html).toContain("tr.dataset.testid = 'queue-row'");
    expect(html).toContain("'confirm-button'");
    expect(html).toContain("'execute-button'");
    const script = html.slice(html.indexOf('<script>') + 8, html.indexOf('</script>'));
    expect(() => new Function(script)).not.toThrow();
  });

  test('state lists the owners the page can sign in as', async () => {
    const state = (await (await fetch(new URL('/api/state', host.url))).json()) as any;
    expect(state).toMatchObject({ safe: desk.safe, chainId: desk.chainId, threshold: 2, nonce: '1' });
    expect(state.appUrl).toBe(withTxService(APP_URL, service.url));
    expect(state.owners).toEqual([
      { address: desk.accounts.owners[0].address, label: 'Olivia (owner)', canSign: true },
      { address: desk.accounts.owners[1].address, label: 'Omar (owner)', canSign: true },
      { address: desk.accounts.owners[2].address, label: 'Oksana (owner)', canSign: true },
    ]);
  });
});

describe('Safe Apps SDK protocol', () => {
  test('getSafeInfo', async () => {
    const reply = await relay('getSafeInfo');
    expect(reply).toMatchObject({ success: true });
    expect(reply.data).toEqual({
      safeAddress: desk.safe,
      chainId: desk.chainId,
      threshold: 2,
      owners: desk.accounts.owners.map((owner) => owner.address),
      isReadOnly: false,
      nonce: 1,
      implementation: desk.safeContracts['1.5.0'].Safe,
      modules: [],
      fallbackHandler: desk.safeContracts['1.5.0'].CompatibilityFallbackHandler,
      guard: desk.guard,
      version: '1.5.0',
    });
  });

  test('getChainInfo and getEnvironmentInfo', async () => {
    expect((await relay('getChainInfo')).data).toMatchObject({
      chainId: String(desk.chainId),
      nativeCurrency: { symbol: 'ETH' },
    });
    expect((await relay('getEnvironmentInfo')).data).toEqual({ origin: new URL(host.url).origin });
  });

  test('rpcCall forwards the read-only calls to the chain', async () => {
    const code = await relay('rpcCall', { call: 'eth_getCode', params: [desk.guard, 'latest'] });
    expect(code.data).toBe(await clients.publicClient.getCode({ address: desk.guard }));
    const nonce = await relay('rpcCall', {
      call: 'eth_call',
      params: [{ to: desk.safe, data: '0xaffed0e0' }, 'latest'],
    });
    expect(BigInt(nonce.data)).toBe(1n);
    const balance = await relay('rpcCall', { call: 'eth_getBalance', params: [desk.safe, 'latest'] });
    expect(balance.data).toBe(numberToHex(await clients.publicClient.getBalance({ address: desk.safe })));
  });

  test('errors: rpcCall refuses anything that is not read-only', async () => {
    const reply = await relay('rpcCall', { call: 'eth_sendTransaction', params: [{ to: desk.safe }] });
    expect(reply.success).toBe(false);
    expect(reply.error).toMatch(/^rpcCall "eth_sendTransaction" is not allowed/);
  });

  test('errors: signMessage and unknown methods answer an error, not silence', async () => {
    expect(await relay('signMessage', { message: 'hi' })).toMatchObject({
      success: false,
      error: 'signMessage is not supported by the local Safe host: it queues Safe transactions only.',
    });
    expect((await relay('launchRockets')).error).toBe('Unknown Safe Apps SDK method "launchRockets".');
  });

  test('sendTransactions queues one call at the next nonce, signed by the signed-in owner', async () => {
    const canary = release.phases[0]!.steps[0]!;
    const reply = await relay('sendTransactions', {
      txs: [{ to: canary.to, value: '0', data: canary.data }],
      params: { safeTxGas: 0 },
    });
    expect(reply.success).toBe(true);
    expect(reply.data).toEqual({ safeTxHash: hashAt(canary, 1n) });
    const queued = await apiKit.getTransaction(reply.data.safeTxHash);
    expect(queued).toMatchObject({
      to: canary.to,
      data: canary.data,
      operation: 0,
      nonce: '1',
      proposer: desk.accounts.owners[0].address,
      isExecuted: false,
    });
  });

  test('sendTransactions batches several calls into a MultiSendCallOnly delegatecall after the queue', async () => {
    const calls = [setFee(desk.proxies.transparent.proxy, 31n), setFee(desk.proxies.beacon.proxy, 32n)];
    const reply = await relay(
      'sendTransactions',
      { txs: calls.map((call) => ({ to: call.to, value: '0', data: call.data })) },
      desk.accounts.owners[2].address,
    );
    const multiSendCallOnly = desk.safeContracts['1.5.0'].MultiSendCallOnly;
    expect(canonicalMultiSendCallOnly('1.5.0')).toBe(multiSendCallOnly);
    const batch = {
      to: multiSendCallOnly,
      value: 0n,
      data: encodeFunctionData({ abi: multiSendAbi, functionName: 'multiSend', args: [encodeMultiSend(calls)] }),
      operation: 1,
    };
    expect(reply.data).toEqual({ safeTxHash: hashAt(batch, 2n) });
    const queued = await apiKit.getTransaction(reply.data.safeTxHash);
    expect(queued).toMatchObject({ to: multiSendCallOnly, operation: 1, nonce: '2', data: batch.data });
  });

  test('errors: sendTransactions as someone who is not an owner, or with no txs', async () => {
    const stranger = await relay(
      'sendTransactions',
      { txs: [{ to: desk.safe, value: '0', data: '0x' }] },
      desk.accounts.executor.address,
    );
    expect(stranger.error).toBe(
      `${desk.accounts.executor.address} is not an owner of Safe ${desk.safe}: pick one of its owners.`,
    );
    expect((await relay('sendTransactions', { txs: [] })).error).toBe(
      'sendTransactions needs a non-empty txs array of { to, value, data }.',
    );
  });

  test('getTxBySafeTxHash answers in the gateway shape', async () => {
    const safeTxHash = hashAt(release.phases[0]!.steps[0]!, 1n);
    const reply = await relay('getTxBySafeTxHash', { safeTxHash });
    expect(reply.data).toMatchObject({
      safeAddress: desk.safe,
      txId: `multisig_${desk.safe}_${safeTxHash}`,
      txStatus: 'AWAITING_CONFIRMATIONS',
      detailedExecutionInfo: { type: 'MULTISIG', nonce: 1, safeTxHash, confirmationsRequired: 2 },
    });
    expect(reply.data.detailedExecutionInfo.confirmations).toHaveLength(1);
  });
});

describe('co-signing from the page', () => {
  test('the queue, confirm as a second owner, execute: the step runs through the guard', async () => {
    const safeTxHash = hashAt(release.phases[0]!.steps[0]!, 1n);
    const queue = async () =>
      ((await (await fetch(new URL('/api/queue', host.url))).json()) as { transactions: any[] }).transactions;
    let rows = await queue();
    expect(rows.map((row) => [row.nonce, row.safeTxHash, row.ready])).toEqual([
      ['1', safeTxHash, false],
      ['2', expect.any(String), false],
    ]);
    const notYet = await post('/api/execute', { safeTxHash });
    expect(notYet.status).toBe(400);
    expect(notYet.body.error).toMatch(/has 1 of 2 confirmations/);

    const confirmed = await post('/api/confirm', { safeTxHash, owner: desk.accounts.owners[1].address });
    expect(confirmed).toMatchObject({ status: 200, body: { added: true, confirmations: 2 } });
    rows = await queue();
    expect(rows[0]).toMatchObject({ safeTxHash, ready: true });

    const executed = await post('/api/execute', { safeTxHash });
    expect(executed.status).toBe(200);
    const reply = await relay('getTxBySafeTxHash', { safeTxHash });
    expect(reply.data).toMatchObject({ txStatus: 'SUCCESS', txHash: executed.body.transactionHash });
    expect((await relay('getSafeInfo')).data.nonce).toBe(2);
  });

  test('errors: confirming as an account the host cannot sign with', async () => {
    const refused = await post('/api/confirm', { safeTxHash: `0x${'11'.repeat(32)}`, owner: desk.safe });
    expect(refused).toEqual({
      status: 400,
      body: { error: `The host cannot sign as ${desk.safe}: pick one of the owners.` },
    });
  });

  test("sendTransactions at the nonce typed in the host's nonce field, beside what the queue holds there", async () => {
    // The Safe is at nonce 2, where the batch waits; without the field the call would go to nonce 3.
    const call = setFee(desk.proxies.transparent.proxy, 33n);
    const txs = [{ to: call.to, value: '0', data: call.data }];
    const reply = await relay('sendTransactions', { txs }, desk.accounts.owners[1].address, '2');
    expect(reply).toMatchObject({ success: true, data: { safeTxHash: hashAt({ ...call, operation: 0 }, 2n) } });
    expect(await apiKit.getTransaction(reply.data.safeTxHash)).toMatchObject({ nonce: '2', to: call.to });
    const rows = ((await (await fetch(new URL('/api/queue', host.url))).json()) as { transactions: any[] })
      .transactions;
    expect(rows.filter((row) => row.nonce === '2')).toHaveLength(2);

    expect((await relay('sendTransactions', { txs }, undefined, '1')).error).toBe(
      'Nonce 1 was used already (the Safe is at nonce 2): a transaction there could never execute. Type 2 or more, or leave the field empty.',
    );
    expect((await relay('sendTransactions', { txs }, undefined, 'next')).error).toBe(
      'The host\'s nonce field holds "next": type a whole number (the Safe is at nonce 2), or leave it empty to propose after the queue.',
    );
  });
});

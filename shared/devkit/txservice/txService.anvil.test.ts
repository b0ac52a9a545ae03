import SafeApiKit from '@safe-global/api-kit';
import { type Address, type Hex, concat, hexToNumber, pad, slice, toHex, zeroAddress } from 'viem';
import type { HDAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

import { setFee } from '../demo/releasePlan.js';
import { type AnvilInstance, startAnvil } from '../../src/fork/anvil.js';
import { type DeskClients, type LocalDesk, deployLocalDesk, deskClients } from '../devnet/localDesk.js';
import { safeAbi } from '../../src/generated/safe.js';
import { type SafeTransaction, safeTransaction, safeTxHashes, safeTxTypes } from '../../src/safe/safeTx.js';
import { type StartTxServiceReturnType, startTxService } from './server.js';

vi.setConfig({ testTimeout: 60_000 });

let anvil: AnvilInstance;
let desk: LocalDesk;
let clients: DeskClients;
let service: StartTxServiceReturnType;
let apiKit: SafeApiKit;

beforeAll(async () => {
  anvil = await startAnvil({ port: 8620 });
  desk = await deployLocalDesk({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId });
  clients = deskClients(anvil.rpcUrl, anvil.chainId);
  service = await startTxService({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, port: 8720 });
  apiKit = new SafeApiKit({ chainId: BigInt(anvil.chainId), txServiceUrl: service.url });
}, 120_000);

afterAll(async () => {
  await service?.stop();
  await anvil?.stop();
});

const feeStep = (fee: bigint, nonce: bigint) =>
  safeTransaction({ ...setFee(desk.proxies.transparent.proxy, fee), operation: 0, nonce });
const hashOf = (transaction: SafeTransaction) =>
  safeTxHashes({ safe: desk.safe, chainId: desk.chainId, transaction }).safeTxHash;
const signTyped = (owner: HDAccount, transaction: SafeTransaction) =>
  owner.signTypedData({
    domain: { chainId: desk.chainId, verifyingContract: desk.safe },
    types: safeTxTypes,
    primaryType: 'SafeTx',
    message: transaction,
  });
/** An `eth_sign` signature as the Safe reads it: the personal-sign signature with v + 4. */
const signEthSign = async (owner: HDAccount, safeTxHash: Hex) => {
  const signature = await owner.signMessage({ message: { raw: safeTxHash } });
  return concat([slice(signature, 0, 64), toHex(hexToNumber(slice(signature, 64, 65)) + 4, { size: 1 })]);
};
const approvedHash = (owner: Address) => concat([pad(owner, { size: 32 }), pad('0x00', { size: 32 }), '0x01']);
const transactionData = (transaction: SafeTransaction) => ({
  to: transaction.to,
  value: transaction.value.toString(),
  data: transaction.data,
  operation: transaction.operation,
  safeTxGas: '0',
  baseGas: '0',
  gasPrice: '0',
  gasToken: zeroAddress,
  refundReceiver: zeroAddress,
  nonce: Number(transaction.nonce),
});
const propose = async (transaction: SafeTransaction, sender: HDAccount, signature?: Hex, safeTxHash?: Hex) =>
  apiKit.proposeTransaction({
    safeAddress: desk.safe,
    safeTransactionData: transactionData(transaction),
    safeTxHash: safeTxHash ?? hashOf(transaction),
    senderAddress: sender.address,
    senderSignature: signature ?? (await signTyped(sender, transaction)),
    origin: 'txservice test',
  });
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the service to refuse');
    },
    (error: Error & { statusCode?: number }) => ({ status: error.statusCode, message: String(error.message) }),
  );

describe('reads', () => {
  test('about', async () => {
    expect((await apiKit.getServiceInfo()).name).toBe('Safe Transaction Service');
  });

  test('safe info is read from the chain', async () => {
    const info = await apiKit.getSafeInfo(desk.safe);
    expect(info).toEqual({
      address: desk.safe,
      nonce: '1',
      threshold: 2,
      owners: desk.accounts.owners.map((owner) => owner.address),
      singleton: desk.safeContracts['1.5.0'].Safe,
      modules: [],
      fallbackHandler: desk.safeContracts['1.5.0'].CompatibilityFallbackHandler,
      guard: desk.guard,
      version: '1.5.0',
    });
  });

  test('errors: an address without a Safe is a 404, a bad checksum a 422', async () => {
    expect(await rejection(apiKit.getSafeInfo(desk.guard))).toMatchObject({ status: 404 });
    const index = desk.safe.slice(2).search(/[a-fA-F]/) + 2;
    const flipped = desk.safe[index]!;
    const badChecksum = `${desk.safe.slice(0, index)}${flipped === flipped.toLowerCase() ? flipped.toUpperCase() : flipped.toLowerCase()}${desk.safe.slice(index + 1)}`;
    const response = await fetch(`${service.url}/v1/safes/${badChecksum}/`);
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      nonFieldErrors: [`Checksum address validation failed for ${badChecksum}: pass the Safe's checksummed address.`],
    });
  });

  test('errors: unknown path and unknown safeTxHash answer 404 with a detail', async () => {
    const response = await fetch(`${service.url}/v1/nothing/`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/serves \/v1\/about/);
    expect(await rejection(apiKit.getTransaction(`0x${'ab'.repeat(32)}`))).toMatchObject({ status: 404 });
  });
});

describe('propose and confirm', () => {
  test('an owner proposes with an EIP-712 signature; a second confirms with eth_sign', async () => {
    const transaction = feeStep(41n, 1n);
    const safeTxHash = hashOf(transaction);
    await propose(transaction, desk.accounts.owners[0]);
    let stored = await apiKit.getTransaction(safeTxHash);
    expect(stored).toMatchObject({
      safe: desk.safe,
      to: transaction.to,
      data: transaction.data,
      nonce: '1',
      safeTxHash,
      proposer: desk.accounts.owners[0].address,
      isExecuted: false,
      confirmationsRequired: 2,
      trusted: true,
      origin: 'txservice test',
    });
    expect(stored.confirmations?.map((c) => [c.owner, c.signatureType])).toEqual([
      [desk.accounts.owners[0].address, 'EOA'],
    ]);

    await apiKit.confirmTransaction(safeTxHash, await signEthSign(desk.accounts.owners[1], safeTxHash));
    stored = await apiKit.getTransaction(safeTxHash);
    expect(stored.confirmations?.map((c) => [c.owner, c.signatureType])).toEqual([
      [desk.accounts.owners[0].address, 'EOA'],
      [desk.accounts.owners[1].address, 'ETH_SIGN'],
    ]);
    const confirmations = await apiKit.getTransactionConfirmations(safeTxHash);
    expect(confirmations.count).toBe(2);
  });

  test('an approved hash (v=1) counts once the owner approved it on chain', async () => {
    const transaction = feeStep(42n, 2n);
    const safeTxHash = hashOf(transaction);
    const owner = desk.accounts.owners[2];
    const refused = await rejection(propose(transaction, owner, approvedHash(owner.address)));
    expect(refused.status).toBe(422);
    expect(refused.message).toMatch(/not valid: the owner has not called approveHash/);

    const { request } = await clients.publicClient.simulateContract({
      account: owner,
      address: desk.safe,
      abi: safeAbi,
      functionName: 'approveHash',
      args: [safeTxHash],
    });
    await clients.publicClient.waitForTransactionReceipt({ hash: await clients.walletClient.writeContract(request) });
    await propose(transaction, owner, approvedHash(owner.address));
    const stored = await apiKit.getTransaction(safeTxHash);
    expect(stored.confirmations?.map((c) => c.signatureType)).toEqual(['APPROVED_HASH']);
  });

  test('proposing the same transaction again keeps one entry and adds the new owner', async () => {
    const transaction = feeStep(43n, 3n);
    await propose(transaction, desk.accounts.owners[0]);
    await propose(transaction, desk.accounts.owners[1]);
    const stored = await apiKit.getTransaction(hashOf(transaction));
    expect(stored.confirmations).toHaveLength(2);
    const list = await apiKit.getMultisigTransactions(desk.safe, { nonce: '3' });
    expect(list.count).toBe(1);
  });
});

describe('errors: proposals the service refuses (422 nonFieldErrors)', () => {
  test('the safeTxHash does not match the transaction', async () => {
    const transaction = feeStep(50n, 4n);
    const other = hashOf(feeStep(51n, 4n));
    const refused = await rejection(propose(transaction, desk.accounts.owners[0], undefined, other));
    expect(refused.status).toBe(422);
    expect(refused.message).toMatch(/^Contract-transaction-hash=0x[0-9a-f]{64} does not match provided/);
  });

  test('the nonce was already executed', async () => {
    const refused = await rejection(propose(feeStep(50n, 0n), desk.accounts.owners[0]));
    expect(refused.status).toBe(422);
    expect(refused.message).toMatch(/Tx with nonce=0 for safe=0x[0-9a-fA-F]{40} already executed.*nonce is now 1/);
  });

  test('the sender is not an owner', async () => {
    const refused = await rejection(propose(feeStep(50n, 4n), desk.accounts.proposer));
    expect(refused.status).toBe(422);
    expect(refused.message).toBe(
      `Sender=${desk.accounts.proposer.address} is not an owner or delegate. Current owners=${desk.accounts.owners
        .map((o) => o.address)
        .join(',')}. Delegates=`,
    );
  });

  test('a signature does not recover to an owner', async () => {
    const transaction = feeStep(50n, 4n);
    const refused = await rejection(
      propose(transaction, desk.accounts.owners[0], await signTyped(desk.accounts.executor, transaction)),
    );
    expect(refused.status).toBe(422);
    expect(refused.message).toMatch(`Signer=${desk.accounts.executor.address} is not an owner`);
  });

  test('a signature for another chain recovers to a stranger', async () => {
    const transaction = feeStep(50n, 4n);
    const wrongChain = await desk.accounts.owners[0].signTypedData({
      domain: { chainId: 1, verifyingContract: desk.safe },
      types: safeTxTypes,
      primaryType: 'SafeTx',
      message: transaction,
    });
    expect((await rejection(propose(transaction, desk.accounts.owners[0], wrongChain))).message).toMatch(
      /is not an owner/,
    );
  });

  test('a signer repeats', async () => {
    const transaction = feeStep(50n, 4n);
    const signature = await signTyped(desk.accounts.owners[0], transaction);
    const refused = await rejection(propose(transaction, desk.accounts.owners[0], concat([signature, signature])));
    expect(refused.status).toBe(422);
    expect(refused.message).toBe(`Signature for owner=${desk.accounts.owners[0].address} is duplicated`);
  });

  test('the signature is not the sender', async () => {
    const transaction = feeStep(50n, 4n);
    const refused = await rejection(
      propose(transaction, desk.accounts.owners[1], await signTyped(desk.accounts.owners[0], transaction)),
    );
    expect(refused.message).toMatch(`Signature does not match sender=${desk.accounts.owners[1].address}`);
  });

  test('a contract signature (v=0) is refused with the reason', async () => {
    const transaction = feeStep(50n, 4n);
    const contractSignature = concat([pad(desk.safe, { size: 32 }), pad('0x41', { size: 32 }), '0x00']);
    const refused = await rejection(propose(transaction, desk.accounts.owners[0], contractSignature));
    expect(refused.status).toBe(422);
    expect(refused.message).toMatch(/Contract signatures \(v=0, EIP-1271\) are not accepted/);
  });

  test('a field that is not a number', async () => {
    const response = await fetch(`${service.url}/v2/safes/${desk.safe}/multisig-transactions/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ...transactionData(feeStep(1n, 4n)),
        value: 'lots',
        contractTransactionHash: hashOf(feeStep(1n, 4n)),
      }),
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      nonFieldErrors: ['value: "lots" is not a whole number (0 or more) written in decimal.'],
    });
  });
});

describe('errors: confirmations', () => {
  test('a stranger cannot confirm (400 with the reason)', async () => {
    const transaction = feeStep(41n, 1n);
    const safeTxHash = hashOf(transaction);
    const refused = await rejection(
      apiKit.confirmTransaction(safeTxHash, await signTyped(desk.accounts.guardian, transaction)),
    );
    expect(refused.status).toBe(400);
    expect(refused.message).toMatch(`Signer=${desk.accounts.guardian.address} is not an owner`);
  });

  test('an unknown safeTxHash is a 404', async () => {
    const refused = await rejection(apiKit.confirmTransaction(`0x${'cd'.repeat(32)}`, `0x${'11'.repeat(65)}`));
    expect(refused.status).toBe(404);
  });
});

describe('lists', () => {
  test('pending transactions with the api-kit, newest nonce first by default', async () => {
    const pending = await apiKit.getPendingTransactions(desk.safe);
    expect(pending.results.map((tx) => tx.nonce)).toEqual(['3', '2', '1']);
    expect(pending.count).toBe(3);
    const ascending = await apiKit.getPendingTransactions(desk.safe, { ordering: 'nonce' });
    expect(ascending.results.map((tx) => tx.nonce)).toEqual(['1', '2', '3']);
  });

  test('pagination follows next and previous', async () => {
    const first = await apiKit.getMultisigTransactions(desk.safe, { limit: 2, ordering: 'nonce' });
    expect(first.count).toBe(3);
    expect(first.results.map((tx) => tx.nonce)).toEqual(['1', '2']);
    expect(first.previous).toBeNull();
    const second = (await (await fetch(first.next!)).json()) as typeof first;
    expect(second.results.map((tx) => tx.nonce)).toEqual(['3']);
    expect(second.next).toBeNull();
    expect(second.previous).toBe(`${service.url}/v2/safes/${desk.safe}/multisig-transactions/?limit=2&ordering=nonce`);
  });

  test('errors: a bad filter value is a 400 that names it', async () => {
    const response = await fetch(`${service.url}/v2/safes/${desk.safe}/multisig-transactions/?nonce__gte=abc`);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      detail: 'Query parameter nonce__gte=abc is not a whole number (0 or more).',
    });
  });
});

describe('CORS', () => {
  test('a preflight is answered and every response allows any origin', async () => {
    const preflight = await fetch(`${service.url}/v2/safes/${desk.safe}/multisig-transactions/`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/content-type/);
    const notFound = await fetch(`${service.url}/v1/nothing/`, { headers: { origin: 'http://localhost:5173' } });
    expect(notFound.headers.get('access-control-allow-origin')).toBe('*');
  });
});

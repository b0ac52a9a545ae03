import SafeApiKit from '@safe-global/api-kit';
import Safe from '@safe-global/protocol-kit';
import { SigningMethod } from '@safe-global/types-kit';
import { type Hex, toHex } from 'viem';
import type { HDAccount } from 'viem/accounts';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';

import { setFee } from '../demo/releasePlan.js';
import { type AnvilInstance, startAnvil } from '../../src/fork/anvil.js';
import { type LocalDesk, deployLocalDesk } from '../devnet/localDesk.js';
import { type StartTxServiceReturnType, startTxService } from './server.js';

vi.setConfig({ testTimeout: 60_000 });

let anvil: AnvilInstance;
let desk: LocalDesk;
let service: StartTxServiceReturnType;
let apiKit: SafeApiKit;

beforeAll(async () => {
  anvil = await startAnvil({ port: 8623 });
  desk = await deployLocalDesk({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId });
  service = await startTxService({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, port: 0 });
  apiKit = new SafeApiKit({ chainId: BigInt(anvil.chainId), txServiceUrl: service.url });
}, 120_000);

afterAll(async () => {
  await service?.stop();
  await anvil?.stop();
});

/** protocol-kit for a desk owner, with the desk's Safe 1.5.0 contracts as `contractNetworks`. */
const protocolKit = (owner: HDAccount) => {
  const contracts = desk.safeContracts['1.5.0'];
  return Safe.init({
    provider: anvil.rpcUrl,
    signer: toHex(owner.getHdKey().privateKey!),
    safeAddress: desk.safe,
    contractNetworks: {
      [String(desk.chainId)]: {
        safeSingletonAddress: contracts.Safe,
        safeProxyFactoryAddress: contracts.SafeProxyFactory,
        multiSendAddress: contracts.MultiSend,
        multiSendCallOnlyAddress: contracts.MultiSendCallOnly,
        fallbackHandlerAddress: contracts.CompatibilityFallbackHandler,
        signMessageLibAddress: contracts.SignMessageLib,
        createCallAddress: contracts.CreateCall,
        simulateTxAccessorAddress: contracts.SimulateTxAccessor,
      },
    },
  });
};

test('protocol-kit signs (typed data, then eth_sign), api-kit proposes and confirms', async () => {
  const proposerKit = await protocolKit(desk.accounts.owners[0]);
  const step = setFee(desk.proxies.transparent.proxy, 45n);
  const transaction = await proposerKit.createTransaction({
    transactions: [{ to: step.to, value: '0', data: step.data }],
  });
  const safeTxHash = (await proposerKit.getTransactionHash(transaction)) as Hex;
  const signed = await proposerKit.signTransaction(transaction, SigningMethod.ETH_SIGN_TYPED_DATA_V4);
  await apiKit.proposeTransaction({
    safeAddress: desk.safe,
    safeTransactionData: signed.data,
    safeTxHash,
    senderAddress: desk.accounts.owners[0].address,
    senderSignature: signed.getSignature(desk.accounts.owners[0].address)!.data,
  });

  const confirmerKit = await protocolKit(desk.accounts.owners[1]);
  const signature = await confirmerKit.signHash(safeTxHash);
  await apiKit.confirmTransaction(safeTxHash, signature.data);

  const stored = await apiKit.getTransaction(safeTxHash);
  expect(stored.nonce).toBe('1');
  expect(stored.confirmations?.map((c) => [c.owner, c.signatureType])).toEqual([
    [desk.accounts.owners[0].address, 'EOA'],
    [desk.accounts.owners[1].address, 'ETH_SIGN'],
  ]);
  expect((await apiKit.getPendingTransactions(desk.safe)).results.map((tx) => tx.safeTxHash)).toEqual([safeTxHash]);
});

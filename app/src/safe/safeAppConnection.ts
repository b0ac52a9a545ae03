import SafeAppsSDK, { type SafeInfoExtended } from '@safe-global/safe-apps-sdk';
import { type Address, type Hex, createPublicClient, defineChain, getAddress } from 'viem';

import { multiSendTransactions } from '../../../shared/src/index.js';
import type { QueuedTransaction, SafeCall, SafeConnection } from './connection.js';
import { HostTimeoutError } from './errors.js';
import { readSafeState } from './readSafeState.js';
import { safeAppsTransport } from './sdkTransport.js';
import { apiKitFor, servicePending } from './serviceQueue.js';

/** True when another page frames this one (Safe{Wallet} loads Safe Apps in an iframe). */
export function isFramed(): boolean {
  try {
    return window.parent !== window;
  } catch {
    return true;
  }
}

/**
 * Connects through the Safe Apps SDK: the host's Safe and chain, reads over its `rpcCall`, proposals through
 * `sendTransactions`, the queue through `getTxBySafeTxHash`.
 *
 * @throws {HostTimeoutError} when the host does not answer within `timeoutMs`.
 *
 * @example
 * const connection = await connectSafeApp({ sdk: new SafeAppsSDK() });
 */
export async function connectSafeApp({
  sdk = new SafeAppsSDK(),
  timeoutMs = 4000,
}: { sdk?: SafeAppsSDK; timeoutMs?: number } = {}): Promise<SafeConnection> {
  const [info, chainInfo] = await withTimeout(
    Promise.all([sdk.safe.getInfo() as Promise<SafeInfoExtended>, sdk.safe.getChainInfo()]),
    timeoutMs,
  );
  const chainId = Number(chainInfo.chainId ?? info.chainId);
  const chain = defineChain({
    id: chainId,
    name: chainInfo.chainName ?? `Chain ${chainId}`,
    nativeCurrency: chainInfo.nativeCurrency ?? { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [] } },
  });
  const client = createPublicClient({ chain, transport: safeAppsTransport(sdk, chainId) });
  const safe = getAddress(info.safeAddress);
  const txServiceUrl = hostTxServiceUrl();

  const connect = async (): Promise<SafeConnection> => {
    const state = await readSafeState(client, safe);
    return {
      mode: 'safe-app',
      chain,
      client,
      state,
      wallet: undefined,
      txServiceUrl,
      queue: undefined,
      // Safe{Wallet} chooses the nonce (its review lets the signer change it): the nonce queued is read back.
      async propose(call) {
        const { safeTxHash } = await sdk.txs.send({ txs: sdkTransactions(call) });
        const queued = fromGateway(await sdk.txs.getBySafeTxHash(safeTxHash).catch(() => undefined), safeTxHash as Hex);
        return { safeTxHash: safeTxHash as Hex, nonce: queued?.nonce };
      },
      async queued(safeTxHash) {
        try {
          return fromGateway(await sdk.txs.getBySafeTxHash(safeTxHash), safeTxHash);
        } catch {
          return undefined;
        }
      },
      pending: txServiceUrl
        ? async () => servicePending(await apiKitFor(txServiceUrl, chainId), client, state)
        : undefined,
      refresh: connect,
    };
  };
  return connect();
}

/**
 * The Transaction Service Safe{Wallet} keeps this Safe's queue in, as the host gives it in the app's URL
 * (`?txService=`): the app reads the shared queue there. `undefined` when the host gives none.
 */
export function hostTxServiceUrl(): string | undefined {
  try {
    return new URLSearchParams(window.location.search).get('txService')?.trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * A step as Safe{Wallet}'s `sendTransactions` takes it: a call as one transaction; a MultiSendCallOnly batch
 * (delegatecall) as its inner calls, which Safe{Wallet} batches again through MultiSendCallOnly.
 */
export function sdkTransactions(call: SafeCall): { to: string; value: string; data: string }[] {
  if (call.operation === 0) return [{ to: call.to, value: call.value.toString(), data: call.data }];
  return multiSendTransactions(call.data).map((inner) => ({
    to: inner.to,
    value: inner.value.toString(),
    data: inner.data,
  }));
}

type GatewayDetails = {
  txStatus?: string;
  txData?: { to?: { value: string }; value?: string; hexData?: string | null; operation?: number } | null;
  detailedExecutionInfo?: {
    type?: string;
    nonce?: number;
    confirmationsRequired?: number;
    confirmations?: { signer: { value: string }; signature?: string | null }[];
  } | null;
};

/** The parts of Safe{Wallet}'s transaction details the app reads. */
export function fromGateway(details: unknown, safeTxHash: Hex): QueuedTransaction | undefined {
  if (!details) return undefined;
  const { txData, detailedExecutionInfo, txStatus } = details as GatewayDetails;
  if (!txData?.to || !detailedExecutionInfo) return undefined;
  return {
    safeTxHash,
    call: {
      to: getAddress(txData.to.value),
      value: BigInt(txData.value ?? '0'),
      data: (txData.hexData ?? '0x') as Hex,
      operation: txData.operation === 1 ? 1 : 0,
    },
    nonce: BigInt(detailedExecutionInfo.nonce ?? 0),
    confirmations: (detailedExecutionInfo.confirmations ?? []).map((confirmation) => ({
      owner: getAddress(confirmation.signer.value) as Address,
      signature: (confirmation.signature ?? undefined) as Hex | undefined,
    })),
    confirmationsRequired: detailedExecutionInfo.confirmationsRequired ?? 0,
    executed: txStatus === 'SUCCESS',
    source: 'safe-wallet',
  };
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new HostTimeoutError(timeoutMs)), timeoutMs);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

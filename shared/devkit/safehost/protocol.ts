import type SafeApiKit from '@safe-global/api-kit';
import { Methods, RPC_CALLS, getSDKVersion } from '@safe-global/safe-apps-sdk';
import type { SafeMultisigTransactionResponse } from '@safe-global/types-kit';
import {
  type Address,
  type Hex,
  type LocalAccount,
  type PublicClient,
  createClient,
  custom,
  getAddress,
  isHex,
  rpcSchema,
  size,
  zeroAddress,
} from 'viem';

import { proposeSafeTransaction } from '../../src/queue/propose.js';
import { readSafeState } from '../txservice/chain.js';
import { safeCallFor } from './batch.js';
import { HostMethodError } from './errors.js';

/** A Safe Apps SDK request, as the app posts it to the parent window. */
export type SdkRequest = {
  id: string;
  method: string;
  params?: unknown;
  env?: { sdkVersion?: string };
};

/** The host's answer; the SDK drops a reply without `version` (major >= 1) and the app's call then hangs. */
export type SdkResponse =
  | { id: string; success: true; version: string; data: unknown }
  | { id: string; success: false; version: string; error: string };

/** What the host needs to answer: the chain, the Safe, the service and who is signed in. */
export type HostContext = {
  publicClient: PublicClient;
  chainId: number;
  safe: Address;
  apiKit: SafeApiKit;
  /** The page's origin, for `getEnvironmentInfo`. */
  origin: string;
  multiSendCallOnly: Address;
  /** The dev accounts the host can sign with, by address. */
  signers: ReadonlyMap<Address, LocalAccount>;
};

/**
 * What the host page adds to a request besides the signed-in owner: the nonce the signer typed in its nonce field
 * (Safe{Wallet}'s transaction review lets the signer edit the nonce); absent or empty means after the queue.
 */
export type HostChoices = { nonce?: string };

/** The host's SDK version, sent in every reply (`version`). */
export const HOST_SDK_VERSION = getSDKVersion();

const readOnlyCalls = new Set<string>(Object.values(RPC_CALLS).filter((call) => call !== RPC_CALLS.safe_setSettings));

/**
 * Answers one Safe Apps SDK request the way Safe{Wallet} does. `signer` is the owner signed in on the host page;
 * `sendTransactions` proposes the Safe transaction to the transaction service signed by that owner, at
 * `choices.nonce` when the signer set one on the page, else at the next nonce after the queue.
 *
 * @example
 * const reply = await answerSdkRequest(ctx, { id: '1', method: 'getSafeInfo' }, owner);
 * const placed = await answerSdkRequest(ctx, { id: '2', method: 'sendTransactions', params }, owner, { nonce: '3' });
 */
export async function answerSdkRequest(
  ctx: HostContext,
  request: SdkRequest,
  signer: Address | undefined,
  choices: HostChoices = {},
): Promise<SdkResponse> {
  const id = String(request.id);
  try {
    return { id, success: true, version: HOST_SDK_VERSION, data: await dispatch(ctx, request, signer, choices) };
  } catch (error) {
    const message =
      error instanceof HostMethodError
        ? error.message
        : ((error as { shortMessage?: string })?.shortMessage ?? (error as Error)?.message ?? String(error));
    return { id, success: false, version: HOST_SDK_VERSION, error: message };
  }
}

async function dispatch(
  ctx: HostContext,
  request: SdkRequest,
  signer: Address | undefined,
  choices: HostChoices,
): Promise<unknown> {
  const params = (request.params ?? {}) as Record<string, unknown>;
  switch (request.method) {
    case Methods.getSafeInfo:
      return safeInfo(ctx);
    case Methods.getChainInfo:
      return {
        chainName: `Local chain ${ctx.chainId}`,
        chainId: String(ctx.chainId),
        shortName: 'local',
        nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18, logoUri: '' },
        blockExplorerUriTemplate: { address: '', txHash: '', api: '' },
      };
    case Methods.getEnvironmentInfo:
      return { origin: ctx.origin };
    case Methods.rpcCall:
      return rpcCall(ctx, params);
    case Methods.sendTransactions:
      return sendTransactions(ctx, params, signer, choices.nonce);
    case Methods.getTxBySafeTxHash:
      return transactionDetails(ctx, params.safeTxHash);
    case Methods.getSafeBalances:
      return balances(ctx);
    case Methods.wallet_getPermissions:
    case Methods.wallet_requestPermissions:
      return [];
    case Methods.signMessage:
    case Methods.signTypedMessage:
    case Methods.getOffChainSignature:
      throw new HostMethodError(
        `${request.method} is not supported by the local Safe host: it queues Safe transactions only.`,
      );
    default:
      throw new HostMethodError(`Unknown Safe Apps SDK method "${request.method}".`);
  }
}

async function safeInfo(ctx: HostContext) {
  const state = await readSafeState(ctx.publicClient, ctx.safe);
  if (!state) throw new HostMethodError(`No Safe at ${ctx.safe} on chain ${ctx.chainId}.`);
  return {
    safeAddress: state.address,
    chainId: ctx.chainId,
    threshold: state.threshold,
    owners: state.owners,
    isReadOnly: false,
    nonce: Number(state.nonce),
    implementation: state.masterCopy,
    modules: state.modules,
    fallbackHandler: state.fallbackHandler,
    guard: state.guard,
    version: state.version,
  };
}

/** JSON-RPC methods forwarded by name, as an EIP-1193 provider forwards them. */
type ForwardedSchema = [{ Method: string; Parameters?: unknown; ReturnType: unknown }];

/** A client on `publicClient`'s connection that forwards any method by name. */
function forwarding(publicClient: PublicClient) {
  return createClient({
    transport: custom({ request: publicClient.request }),
    rpcSchema: rpcSchema<ForwardedSchema>(),
  });
}

async function rpcCall(ctx: HostContext, params: Record<string, unknown>) {
  const call = String(params.call);
  const args = Array.isArray(params.params) ? params.params : [];
  if (call === RPC_CALLS.safe_setSettings) return args[0] ?? {};
  if (!readOnlyCalls.has(call))
    throw new HostMethodError(
      `rpcCall "${call}" is not allowed: a Safe App may only make the SDK's read-only calls (${[...readOnlyCalls].join(', ')}).`,
    );
  // The SDK's read-only calls are standard eth_* methods, forwarded as they came (checked against the list above).
  return forwarding(ctx.publicClient).request({ method: call, params: args });
}

async function sendTransactions(
  ctx: HostContext,
  params: Record<string, unknown>,
  signer: Address | undefined,
  nonceField: string | undefined,
) {
  const account = signer ? ctx.signers.get(getAddress(signer)) : undefined;
  if (!account)
    throw new HostMethodError(
      `No owner is signed in on the host${signer ? ` (${signer} is not one of its accounts)` : ''}: pick an owner first.`,
    );
  const state = await readSafeState(ctx.publicClient, ctx.safe);
  if (!state?.owners.includes(account.address))
    throw new HostMethodError(`${account.address} is not an owner of Safe ${ctx.safe}: pick one of its owners.`);
  const nonce = chosenNonce(nonceField, state.nonce);
  const call = await safeCallFor(params.txs, ctx);
  const { safeTxHash } = await proposeSafeTransaction({
    apiKit: ctx.apiKit,
    chainId: ctx.chainId,
    safe: ctx.safe,
    call,
    signer: account,
    ...(nonce === undefined ? {} : { nonce }),
    origin: 'Safe App (local Safe host)',
  });
  return { safeTxHash };
}

/**
 * The nonce typed in the page's nonce field: `undefined` when empty (after the queue, as Safe{Wallet} proposes by
 * default); a whole number from the Safe's nonce on (one already used could never execute).
 *
 * @throws {HostMethodError} for anything else, with what to type instead.
 */
export function chosenNonce(field: string | undefined, safeNonce: bigint): bigint | undefined {
  const text = field?.trim() ?? '';
  if (text === '') return undefined;
  if (!/^\d+$/.test(text))
    throw new HostMethodError(
      `The host's nonce field holds "${text}": type a whole number (the Safe is at nonce ${safeNonce}), or leave it empty to propose after the queue.`,
    );
  const nonce = BigInt(text);
  if (nonce < safeNonce)
    throw new HostMethodError(
      `Nonce ${nonce} was used already (the Safe is at nonce ${safeNonce}): a transaction there could never execute. Type ${safeNonce} or more, or leave the field empty.`,
    );
  return nonce;
}

async function transactionDetails(ctx: HostContext, safeTxHash: unknown) {
  if (typeof safeTxHash !== 'string' || !isHex(safeTxHash) || size(safeTxHash) !== 32)
    throw new HostMethodError(`getTxBySafeTxHash needs a 32-byte safeTxHash, got ${String(safeTxHash)}.`);
  const tx = await ctx.apiKit.getTransaction(safeTxHash);
  const state = await readSafeState(ctx.publicClient, getAddress(tx.safe));
  return gatewayTransaction(tx, state?.owners ?? []);
}

/** A transaction-service response in the Client Gateway's `TransactionDetails` shape the SDK returns. */
export function gatewayTransaction(tx: SafeMultisigTransactionResponse, owners: readonly Address[]) {
  const confirmations = tx.confirmations ?? [];
  const addressEx = (value: string) => ({ value: getAddress(value) });
  const data = (tx.data ?? '0x') as Hex;
  return {
    safeAddress: getAddress(tx.safe),
    txId: `multisig_${getAddress(tx.safe)}_${tx.safeTxHash}`,
    executedAt: tx.executionDate ? Date.parse(tx.executionDate) : null,
    txStatus: tx.isExecuted
      ? tx.isSuccessful
        ? 'SUCCESS'
        : 'FAILED'
      : confirmations.length >= tx.confirmationsRequired
        ? 'AWAITING_EXECUTION'
        : 'AWAITING_CONFIRMATIONS',
    txInfo: {
      type: 'Custom',
      to: addressEx(tx.to),
      dataSize: String(size(data)),
      value: tx.value,
      methodName: null,
      isCancellation: false,
    },
    txData: {
      hexData: tx.data ?? null,
      dataDecoded: null,
      to: addressEx(tx.to),
      value: tx.value,
      operation: tx.operation,
      trustedDelegateCallTarget: false,
    },
    detailedExecutionInfo: {
      type: 'MULTISIG',
      submittedAt: Date.parse(tx.submissionDate),
      nonce: Number(tx.nonce),
      safeTxGas: tx.safeTxGas,
      baseGas: tx.baseGas,
      gasPrice: tx.gasPrice,
      gasToken: tx.gasToken,
      refundReceiver: addressEx(tx.refundReceiver ?? zeroAddress),
      safeTxHash: tx.safeTxHash,
      executor: tx.executor ? addressEx(tx.executor) : null,
      signers: owners.map((owner) => addressEx(owner)),
      confirmationsRequired: tx.confirmationsRequired,
      confirmations: confirmations.map((confirmation) => ({
        signer: addressEx(confirmation.owner),
        signature: confirmation.signature,
        submittedAt: Date.parse(confirmation.submissionDate),
      })),
      trusted: tx.trusted,
      proposer: tx.proposer ? addressEx(tx.proposer) : null,
      proposedByDelegate: tx.proposedByDelegate ? addressEx(tx.proposedByDelegate) : null,
    },
    txHash: tx.transactionHash ?? null,
  };
}

async function balances(ctx: HostContext) {
  const balance = await ctx.publicClient.getBalance({ address: ctx.safe });
  return {
    fiatTotal: '0',
    items: [
      {
        tokenInfo: {
          type: 'NATIVE_TOKEN',
          address: zeroAddress,
          decimals: 18,
          symbol: 'ETH',
          name: 'Ether',
          logoUri: '',
        },
        balance: balance.toString(),
        fiatBalance: '0',
        fiatConversion: '0',
      },
    ],
  };
}

import { type Address, type Hex, type PublicClient, getAddress, isAddress, isHex, size } from 'viem';

import { type SafeTransaction, safeTxHashes } from '../../src/safe/safeTx.js';
import { type ExecutionIndex, type SafeState, readSafeState } from './chain.js';
import { TxServiceRequestError, badRequest, invalid, notFound } from './errors.js';
import { type Page, applyListQuery, paginate, parseListQuery } from './query.js';
import { type ConfirmationResponse, confirmationResponse, multisigTransactionResponse } from './response.js';
import type { MultisigTransactionResponse } from './response.js';
import { type ParsedSignature, parseSignatures, signatureHolds } from './signatures.js';
import type { TransactionStore } from './store.js';

/** What the request handlers share: the chain, the queue and the execution index. */
export type ServiceContext = {
  publicClient: PublicClient;
  chainId: number;
  store: TransactionStore;
  executions: ExecutionIndex;
  /** Addresses allowed to propose for any Safe without being owners (the service's delegates). */
  delegates: readonly Address[];
};

/** `GET /v1/safes/{safe}/` */
export async function getSafe(ctx: ServiceContext, safeParam: string) {
  const safe = await safeOnChain(ctx, pathAddress(safeParam), 404);
  return {
    address: safe.address,
    nonce: safe.nonce.toString(),
    threshold: safe.threshold,
    owners: safe.owners,
    masterCopy: safe.masterCopy,
    modules: safe.modules,
    fallbackHandler: safe.fallbackHandler,
    guard: safe.guard,
    version: safe.version,
  };
}

/** `POST /v2/safes/{safe}/multisig-transactions/`: validates like the hosted service, then queues. */
export async function proposeTransaction(ctx: ServiceContext, safeParam: string, body: unknown): Promise<void> {
  const proposal = parseProposal(body);
  const safe = await safeOnChain(ctx, pathAddress(safeParam), 422);
  const { safeTxHash } = safeTxHashes({ safe: safe.address, chainId: ctx.chainId, transaction: proposal.transaction });
  if (safeTxHash !== proposal.contractTransactionHash.toLowerCase())
    throw invalid(
      `Contract-transaction-hash=${safeTxHash} does not match provided contract-tx-hash=${proposal.contractTransactionHash}. ` +
        `Recompute the safeTxHash for Safe ${safe.address} on chain ${ctx.chainId} with nonce ${proposal.transaction.nonce}.`,
    );
  await ctx.executions.refresh();
  if (proposal.transaction.nonce < safe.nonce) {
    const executedHere = await ctx.executions.lookup(safe.address, safeTxHash);
    if (executedHere)
      throw invalid(
        `Tx with safe-tx-hash=${safeTxHash} for safe=${safe.address} was already executed in tx-hash=${executedHere.transactionHash}.`,
      );
    const other = await executedAtNonce(ctx, safe.address, proposal.transaction.nonce);
    throw invalid(
      `Tx with nonce=${proposal.transaction.nonce} for safe=${safe.address} already executed` +
        (other ? ` in tx-hash=${other}` : '') +
        `. The Safe's nonce is now ${safe.nonce}: propose at nonce ${safe.nonce} or later.`,
    );
  }
  const allowedSenders = [...safe.owners, ...ctx.delegates];
  if (!allowedSenders.includes(proposal.sender))
    throw invalid(
      `Sender=${proposal.sender} is not an owner or delegate. Current owners=${safe.owners.join(',')}. ` +
        `Delegates=${ctx.delegates.join(',')}`,
    );
  const parsed = proposal.signature ? await parseSignatures(proposal.signature, safeTxHash, 422) : [];
  const signers = await checkSignatures(ctx, safe, safeTxHash, parsed, { allowedSenders, status: 422 });
  if (signers.length > 0 && !signers.includes(proposal.sender))
    throw invalid(`Signature does not match sender=${proposal.sender}. Calculated owners=${signers.join(',')}`);
  const stored = ctx.store.upsert({
    safe: safe.address,
    safeTxHash,
    transaction: proposal.transaction,
    proposer: proposal.sender,
    proposedByDelegate: safe.owners.includes(proposal.sender) ? null : proposal.sender,
    origin: proposal.origin,
    trusted: parsed.length > 0,
  });
  ctx.store.confirm(
    stored,
    parsed.filter((signature) => safe.owners.includes(signature.owner)),
  );
}

/** `POST /v1/multisig-transactions/{safeTxHash}/confirmations/` */
export async function confirmTransaction(ctx: ServiceContext, hashParam: string, body: unknown) {
  const stored = storedTransaction(ctx, hashParam);
  const signature = (body as { signature?: unknown } | null)?.signature;
  if (typeof signature !== 'string' || !isHex(signature) || size(signature) < 65)
    throw new TxServiceRequestError(400, 'signature: a hex string of at least 65 bytes is required.', 'nonFieldErrors');
  await ctx.executions.refresh();
  const execution = await ctx.executions.lookup(stored.safe, stored.safeTxHash);
  if (execution)
    throw new TxServiceRequestError(
      400,
      `Transaction with safe-tx-hash=${stored.safeTxHash} was already executed in tx-hash=${execution.transactionHash}`,
      'nonFieldErrors',
    );
  const safe = await safeOnChain(ctx, stored.safe, 422);
  const parsed = await parseSignatures(signature, stored.safeTxHash, 400);
  await checkSignatures(ctx, safe, stored.safeTxHash, parsed, { allowedSenders: safe.owners, status: 400 });
  ctx.store.confirm(stored, parsed);
  return { signature };
}

/** `GET /v2/multisig-transactions/{safeTxHash}/` */
export async function getTransaction(ctx: ServiceContext, hashParam: string): Promise<MultisigTransactionResponse> {
  const stored = storedTransaction(ctx, hashParam);
  await ctx.executions.refresh();
  const safe = await safeOnChain(ctx, stored.safe, 404);
  return multisigTransactionResponse(stored, await ctx.executions.lookup(stored.safe, stored.safeTxHash), safe);
}

/** `GET /v1/multisig-transactions/{safeTxHash}/confirmations/` */
export function listConfirmations(ctx: ServiceContext, hashParam: string, url: URL): Page<ConfirmationResponse> {
  const stored = storedTransaction(ctx, hashParam);
  const query = parseListQuery(new URLSearchParams(pick(url.searchParams, ['limit', 'offset'])));
  return paginate(stored.confirmations.map(confirmationResponse), query, url);
}

/** `GET /v2/safes/{safe}/multisig-transactions/` with the service's filters, ordering and pagination. */
export async function listTransactions(
  ctx: ServiceContext,
  safeParam: string,
  url: URL,
): Promise<Page<MultisigTransactionResponse>> {
  const query = parseListQuery(url.searchParams);
  const safe = await safeOnChain(ctx, pathAddress(safeParam), 404);
  await ctx.executions.refresh();
  const responses = await Promise.all(
    ctx.store.forSafe(safe.address).map(async (stored) => ({
      stored,
      response: multisigTransactionResponse(stored, await ctx.executions.lookup(stored.safe, stored.safeTxHash), safe),
    })),
  );
  const selected = applyListQuery(
    responses,
    ({ stored, response }) => ({
      nonce: stored.transaction.nonce,
      created: stored.created,
      modified: stored.modified,
      isExecuted: response.isExecuted,
      confirmations: stored.confirmations.length,
    }),
    query,
  );
  return paginate(
    selected.map(({ response }) => response),
    query,
    url,
  );
}

async function checkSignatures(
  ctx: ServiceContext,
  safe: SafeState,
  safeTxHash: Hex,
  parsed: readonly ParsedSignature[],
  { allowedSenders, status }: { allowedSenders: readonly Address[]; status: 400 | 422 },
): Promise<Address[]> {
  const fail = (message: string) => new TxServiceRequestError(status, message, 'nonFieldErrors');
  const signers: Address[] = [];
  for (const signature of parsed) {
    const { owner } = signature;
    if (!allowedSenders.includes(owner))
      throw fail(
        `Signer=${owner} is not an owner${allowedSenders.length > safe.owners.length ? ' or delegate' : ''}. ` +
          `Current owners=${safe.owners.join(',')}. The signature does not recover to an owner: check that it signs ` +
          `safeTxHash ${safeTxHash} (Safe ${safe.address}, chain ${ctx.chainId}).`,
      );
    if (!(await signatureHolds(ctx.publicClient, safe.address, safeTxHash, signature)))
      throw fail(
        `Signature=${signature.signature} for owner=${owner} is not valid: the owner has not called ` +
          `approveHash(${safeTxHash}) on the Safe.`,
      );
    if (ctx.delegates.includes(owner) && !safe.owners.includes(owner) && parsed.length > 1)
      throw fail('Just one signature is expected if using delegates');
    if (signers.includes(owner)) throw fail(`Signature for owner=${owner} is duplicated`);
    signers.push(owner);
  }
  return signers;
}

async function executedAtNonce(ctx: ServiceContext, safe: Address, nonce: bigint): Promise<Hex | undefined> {
  for (const stored of ctx.store.forSafe(safe)) {
    if (stored.transaction.nonce !== nonce) continue;
    const execution = await ctx.executions.lookup(safe, stored.safeTxHash);
    if (execution) return execution.transactionHash;
  }
  return undefined;
}

async function safeOnChain(ctx: ServiceContext, safe: Address, status: 404 | 422): Promise<SafeState> {
  const state = await readSafeState(ctx.publicClient, safe);
  if (!state)
    throw new TxServiceRequestError(
      status,
      `Safe=${safe} was not found on chain ${ctx.chainId}: no Safe contract answers at that address. ` +
        'Check the address and the RPC the service reads.',
    );
  return state;
}

function storedTransaction(ctx: ServiceContext, hashParam: string) {
  const stored = isHex(hashParam) && size(hashParam) === 32 ? ctx.store.get(hashParam) : undefined;
  if (!stored) throw notFound(`No multisig transaction with safe-tx-hash=${hashParam}. Propose it first.`);
  return stored;
}

function pathAddress(value: string): Address {
  if (!isAddress(value, { strict: true }))
    throw invalid(`Checksum address validation failed for ${value}: pass the Safe's checksummed address.`);
  return getAddress(value);
}

type Proposal = {
  transaction: SafeTransaction;
  contractTransactionHash: Hex;
  sender: Address;
  signature: Hex | undefined;
  origin: string | null;
};

function parseProposal(body: unknown): Proposal {
  if (typeof body !== 'object' || body === null) throw badRequest('The request body must be a JSON object.');
  const input = body as Record<string, unknown>;
  const address = (field: string, fallback?: Address): Address => {
    const value = input[field] ?? fallback;
    if (typeof value !== 'string' || !isAddress(value, { strict: false }))
      throw invalid(`${field}: "${String(value)}" is not an Ethereum address.`);
    if (!isAddress(value)) throw invalid(`${field}: checksum address validation failed for ${value}.`);
    return getAddress(value);
  };
  const count = (field: string, fallback?: bigint): bigint => {
    const value = input[field] ?? (fallback === undefined ? undefined : fallback.toString());
    if (
      (typeof value === 'string' && /^\d+$/.test(value)) ||
      (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)
    )
      return BigInt(value);
    throw invalid(`${field}: "${String(value)}" is not a whole number (0 or more) written in decimal.`);
  };
  const data = input.data ?? null;
  if (data !== null && (typeof data !== 'string' || !isHex(data)))
    throw invalid(`data: "${String(data)}" is not hex (0x…) or null.`);
  const operation = input.operation;
  if (operation !== 0 && operation !== 1)
    throw invalid(`operation: ${String(operation)} is not 0 (call) or 1 (delegatecall).`);
  const hash = input.contractTransactionHash;
  if (typeof hash !== 'string' || !isHex(hash) || size(hash) !== 32)
    throw invalid(`contractTransactionHash: "${String(hash)}" is not a 32-byte hex hash.`);
  const signature = input.signature;
  if (signature !== undefined && signature !== null && (typeof signature !== 'string' || !isHex(signature)))
    throw invalid(`signature: "${String(signature)}" is not hex.`);
  const origin = input.origin;
  const zero = '0x0000000000000000000000000000000000000000';
  return {
    transaction: {
      to: address('to'),
      value: count('value'),
      data: ((data as Hex | null) ?? '0x') as Hex,
      operation,
      safeTxGas: count('safeTxGas', 0n),
      baseGas: count('baseGas', 0n),
      gasPrice: count('gasPrice', 0n),
      gasToken: address('gasToken', zero),
      refundReceiver: address('refundReceiver', zero),
      nonce: count('nonce'),
    },
    contractTransactionHash: hash,
    sender: address('sender'),
    signature: signature ? (signature as Hex) : undefined,
    origin: typeof origin === 'string' ? origin : null,
  };
}

function pick(params: URLSearchParams, names: readonly string[]): [string, string][] {
  return [...params.entries()].filter(([name]) => names.includes(name));
}

import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import SafeApiKit from '@safe-global/api-kit';
import {
  type Address,
  type LocalAccount,
  type PublicClient,
  createPublicClient,
  createWalletClient,
  defineChain,
  getAddress,
  http,
} from 'viem';
import { mnemonicToAccount } from 'viem/accounts';

import { DEV_MNEMONIC, deskAccounts, deskPeople } from '../devnet/accounts.js';
import { BaseError } from '../../src/errors/base.js';
import { confirmSafeTransaction } from '../../src/queue/confirm.js';
import { executeQueued } from '../../src/queue/execute.js';
import { pendingTransactions } from '../../src/queue/pending.js';
import { readSafeState } from '../txservice/chain.js';
import { canonicalMultiSendCallOnly } from './batch.js';
import { HostMethodError, SafeHostStartError } from './errors.js';
import { hostPage } from './page.js';
import { HOST_SDK_VERSION, type HostContext, type SdkRequest, answerSdkRequest } from './protocol.js';

export type StartSafeHostParameters = {
  rpcUrl: string;
  chainId: number;
  /** The Safe the page acts for. */
  safe: Address;
  /** The Safe App to embed in the iframe. */
  appUrl: string;
  /** The Safe Transaction Service (or the local stand-in from `startTxService`) that holds the queue. */
  txServiceUrl: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** Accounts the page can sign in as; default: the first 20 of the Anvil dev mnemonic (those that own the Safe). */
  signers?: readonly LocalAccount[];
  /** Sends `execTransaction` for the page's "execute" button; default: the local desk's executor. */
  executor?: LocalAccount;
  /** Default: the canonical MultiSendCallOnly of the Safe's version. */
  multiSendCallOnly?: Address;
};

export type StartSafeHostReturnType = {
  /** The host page. */
  url: string;
  /** Where the page posts the app's SDK requests (`POST { id, method, params, env, signer, nonce? }`). */
  relayUrl: string;
  port: number;
  stop: () => Promise<void>;
};

type Host = HostContext & {
  executor: LocalAccount;
  walletClient: ReturnType<typeof createWalletClient>;
  appUrl: string;
  labels: ReadonlyMap<Address, string>;
};

/**
 * Starts a Safe-like host page: it embeds a Safe App in an iframe the way Safe{Wallet} does and answers the Safe
 * Apps SDK from a local chain. The app's `sendTransactions` become Safe transactions proposed to the transaction
 * service, signed by the owner signed in on the page; the page lists the queue with "confirm as this owner" and
 * "execute" buttons so one person can play every co-signer.
 *
 * @example
 * const host = await startSafeHost({ rpcUrl, chainId: 31337, safe, appUrl: 'http://127.0.0.1:5173', txServiceUrl });
 * // open host.url in a browser
 * await host.stop();
 */
export async function startSafeHost(parameters: StartSafeHostParameters): Promise<StartSafeHostReturnType> {
  const { rpcUrl, chainId, appUrl, txServiceUrl, port = 0, host = '127.0.0.1' } = parameters;
  const chain = defineChain({
    id: chainId,
    name: `Chain ${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  const publicClient = createPublicClient({ chain, transport: http(rpcUrl) }) as PublicClient;
  const safe = getAddress(parameters.safe);
  const state = await readSafeState(publicClient, safe).catch((error: unknown) => {
    throw new SafeHostStartError(`the RPC ${rpcUrl} does not answer`, 'Start the chain first.', error);
  });
  if (!state)
    throw new SafeHostStartError(`no Safe at ${safe} on ${rpcUrl}`, 'Deploy the desk (npm start) or pass its Safe.');
  const signers =
    parameters.signers ?? Array.from({ length: 20 }, (_, i) => mnemonicToAccount(DEV_MNEMONIC, { addressIndex: i }));
  const people = deskAccounts();
  const labels = new Map<Address, string>(people.owners.map((owner, i) => [owner.address, deskPeople.owners[i]!]));
  let multiSendCallOnly: Address;
  try {
    multiSendCallOnly = parameters.multiSendCallOnly ?? canonicalMultiSendCallOnly(state.version);
  } catch (error) {
    throw new SafeHostStartError((error as HostMethodError).shortMessage, 'Pass multiSendCallOnly.', error);
  }
  const ctx: Host = {
    publicClient,
    chainId,
    safe,
    apiKit: new SafeApiKit({ chainId: BigInt(chainId), txServiceUrl }),
    origin: '',
    multiSendCallOnly,
    signers: new Map(signers.map((account) => [getAddress(account.address), account])),
    executor: parameters.executor ?? people.executor,
    walletClient: createWalletClient({ chain, transport: http(rpcUrl) }),
    // Safe{Wallet} keeps the queue in the chain's Transaction Service; the app is told which one to read it from.
    appUrl: withTxService(appUrl, txServiceUrl),
    labels,
  };
  const server = createServer((request, response) => void handle(ctx, request, response));
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new SafeHostStartError(
              `port ${port} on ${host} is in use`,
              'Stop what holds it or choose another port.',
              error,
            )
          : error,
      ),
    );
    server.listen(port, host, () => resolve(server.address() as AddressInfo));
  });
  const url = `http://${host}:${address.port}/`;
  ctx.origin = `http://${host}:${address.port}`;
  return {
    url,
    relayUrl: `${ctx.origin}/relay`,
    port: address.port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(ctx: Host, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  try {
    if (request.method === 'GET' && (path === '/' || path === '/index.html'))
      return send(response, 200, hostPage(ctx.appUrl, HOST_SDK_VERSION), 'text/html; charset=utf-8');
    if (request.method === 'GET' && path === '/favicon.ico') {
      response.writeHead(204);
      return void response.end();
    }
    if (request.method === 'GET' && path === '/api/state') return sendJson(response, 200, await pageState(ctx));
    if (request.method === 'GET' && path === '/api/queue') return sendJson(response, 200, await pageQueue(ctx));
    if (request.method === 'POST' && path === '/relay') {
      const body = (await readJson(request)) as SdkRequest & { signer?: Address; nonce?: string | number | null };
      if (!body || typeof body.method !== 'string' || body.id === undefined)
        return sendJson(response, 400, { error: 'The relay expects { id, method, params } from the Safe App.' });
      return sendJson(
        response,
        200,
        await answerSdkRequest(ctx, body, body.signer, {
          nonce: body.nonce === undefined || body.nonce === null ? undefined : String(body.nonce),
        }),
      );
    }
    if (request.method === 'POST' && path === '/api/confirm') {
      const { safeTxHash, owner } = (await readJson(request)) as { safeTxHash: `0x${string}`; owner: Address };
      const signer = owner ? ctx.signers.get(getAddress(owner)) : undefined;
      if (!signer)
        return sendJson(response, 400, { error: `The host cannot sign as ${owner}: pick one of the owners.` });
      return sendJson(
        response,
        200,
        await confirmSafeTransaction({ apiKit: ctx.apiKit, chainId: ctx.chainId, safeTxHash, signer }),
      );
    }
    if (request.method === 'POST' && path === '/api/execute') {
      const { safeTxHash } = (await readJson(request)) as { safeTxHash: `0x${string}` };
      const { transactionHash } = await executeQueued({
        apiKit: ctx.apiKit,
        clients: { publicClient: ctx.publicClient, walletClient: ctx.walletClient },
        safeTxHash,
        executor: ctx.executor,
      });
      return sendJson(response, 200, { safeTxHash, transactionHash });
    }
    sendJson(response, 404, { error: `Not found: ${request.method} ${path}.` });
  } catch (error) {
    const message =
      error instanceof BaseError || error instanceof HostMethodError
        ? error.message
        : ((error as { shortMessage?: string })?.shortMessage ?? (error as Error)?.message ?? String(error));
    const refused = error instanceof BaseError || typeof (error as { statusCode?: unknown })?.statusCode === 'number';
    sendJson(response, refused ? 400 : 500, { error: message });
  }
}

async function pageState(ctx: Host) {
  const state = await readSafeState(ctx.publicClient, ctx.safe);
  if (!state) throw new HostMethodError(`No Safe at ${ctx.safe} any more.`);
  return {
    safe: state.address,
    chainId: ctx.chainId,
    threshold: state.threshold,
    nonce: state.nonce.toString(),
    version: state.version,
    guard: state.guard,
    appUrl: ctx.appUrl,
    executor: ctx.executor.address,
    owners: state.owners.map((address, index) => ({
      address,
      label: ctx.labels.get(address) ?? `Owner ${index + 1}`,
      canSign: ctx.signers.has(address),
    })),
  };
}

async function pageQueue(ctx: Host) {
  const entries = await pendingTransactions({
    apiKit: ctx.apiKit,
    publicClient: ctx.publicClient,
    chainId: ctx.chainId,
    safe: ctx.safe,
  });
  return {
    transactions: entries.map((entry) => ({
      safeTxHash: entry.safeTxHash,
      nonce: entry.nonce.toString(),
      to: entry.transaction?.to ?? null,
      value: entry.transaction?.value.toString() ?? null,
      data: entry.transaction?.data ?? null,
      operation: entry.transaction?.operation ?? null,
      proposer: entry.proposer,
      origin: entry.origin,
      confirmations: entry.confirmations,
      confirmationsRequired: entry.confirmationsRequired,
      ready: entry.ready,
      nonceTaken: entry.nonceTaken,
      warnings: entry.warnings,
    })),
  };
}

function send(response: ServerResponse, status: number, text: string, type: string): void {
  response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  send(response, status, JSON.stringify(body), 'application/json');
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
  } catch {
    throw new HostMethodError('The request body is not valid JSON.');
  }
}

/** The app's URL with `?txService=` (kept before any `#` route): where the app reads the Safe's shared queue. */
export function withTxService(appUrl: string, txServiceUrl: string): string {
  const url = new URL(appUrl);
  url.searchParams.set('txService', txServiceUrl);
  return url.toString();
}

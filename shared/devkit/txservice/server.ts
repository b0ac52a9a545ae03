import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { type Address, type PublicClient, createPublicClient, defineChain, getAddress, http } from 'viem';

import { ExecutionIndex } from './chain.js';
import { TxServiceRequestError, TxServiceStartError, notFound } from './errors.js';
import {
  type ServiceContext,
  confirmTransaction,
  getSafe,
  getTransaction,
  listConfirmations,
  listTransactions,
  proposeTransaction,
} from './handlers.js';
import { corsHeaders, readJson, sendJson } from './http.js';
import { TransactionStore } from './store.js';

export type StartTxServiceParameters = {
  /** The chain the service reads (owners, nonce, execution logs). */
  rpcUrl: string;
  /** Must match the RPC's chain id; the service hashes Safe transactions for it. */
  chainId: number;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** Addresses that may propose for any Safe without being an owner (the service's delegates). */
  delegates?: readonly Address[];
};

export type StartTxServiceReturnType = {
  /** The service's base URL, for `new SafeApiKit({ chainId, txServiceUrl: url })`. */
  url: string;
  port: number;
  /** The in-memory queue (for tests and tools that want to look inside). */
  store: TransactionStore;
  stop: () => Promise<void>;
};

const about = {
  name: 'Safe Transaction Service',
  version: 'local-stand-in',
  api_version: 'v1',
  secure: false,
  settings: {
    AWS_CONFIGURED: false,
    AWS_S3_CUSTOM_DOMAIN: '',
    ETHEREUM_NODE_URL: '',
    ETHEREUM_TRACING_NODE_URL: '',
    ETH_INTERNAL_TXS_BLOCK_PROCESS_LIMIT: 0,
    ETH_INTERNAL_NO_FILTER: false,
    ETH_REORG_BLOCKS: 0,
    TOKENS_LOGO_BASE_URI: '',
    TOKENS_LOGO_EXTENSION: '',
  },
};

type Route = {
  method: 'GET' | 'POST';
  pattern: RegExp;
  handle: (ctx: ServiceContext, match: string[], url: URL, request: IncomingMessage) => Promise<[number, unknown]>;
};

const routes: Route[] = [
  { method: 'GET', pattern: /^\/v1\/about$/, handle: async () => [200, about] },
  { method: 'GET', pattern: /^\/v1\/safes\/([^/]+)$/, handle: async (ctx, [safe]) => [200, await getSafe(ctx, safe!)] },
  {
    method: 'POST',
    pattern: /^\/v[12]\/safes\/([^/]+)\/multisig-transactions$/,
    handle: async (ctx, [safe], _url, request) => {
      await proposeTransaction(ctx, safe!, await readJson(request));
      return [201, undefined];
    },
  },
  {
    method: 'GET',
    pattern: /^\/v[12]\/safes\/([^/]+)\/multisig-transactions$/,
    handle: async (ctx, [safe], url) => [200, await listTransactions(ctx, safe!, url)],
  },
  {
    method: 'GET',
    pattern: /^\/v[12]\/multisig-transactions\/([^/]+)$/,
    handle: async (ctx, [hash]) => [200, await getTransaction(ctx, hash!)],
  },
  {
    method: 'GET',
    pattern: /^\/v1\/multisig-transactions\/([^/]+)\/confirmations$/,
    handle: async (ctx, [hash], url) => [200, listConfirmations(ctx, hash!, url)],
  },
  {
    method: 'POST',
    pattern: /^\/v1\/multisig-transactions\/([^/]+)\/confirmations$/,
    handle: async (ctx, [hash], _url, request) => [201, await confirmTransaction(ctx, hash!, await readJson(request))],
  },
];

/**
 * Starts a local stand-in of the Safe Transaction Service that follows its published API closely enough for the
 * real `@safe-global/api-kit`: Safe info read from the chain, proposals and confirmations validated like the hosted
 * service (safeTxHash recomputed, executed nonces refused, owners and signatures checked), lists with the
 * service's filters and pagination, and execution state read from the Safes' execution logs. In memory: a restart
 * forgets the queue.
 *
 * @example
 * const service = await startTxService({ rpcUrl: anvil.rpcUrl, chainId: 31337 });
 * const apiKit = new SafeApiKit({ chainId: 31337n, txServiceUrl: service.url });
 * // ...
 * await service.stop();
 */
export async function startTxService(parameters: StartTxServiceParameters): Promise<StartTxServiceReturnType> {
  const { rpcUrl, chainId, port = 0, host = '127.0.0.1', delegates = [] } = parameters;
  const chain = defineChain({
    id: chainId,
    name: `Chain ${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  const publicClient = createPublicClient({ chain, transport: http(rpcUrl) }) as PublicClient;
  let rpcChainId: number;
  try {
    rpcChainId = await publicClient.getChainId();
  } catch (error) {
    throw new TxServiceStartError(`the RPC ${rpcUrl} does not answer`, 'Start the chain (e.g. Anvil) first.', error);
  }
  if (rpcChainId !== chainId)
    throw new TxServiceStartError(
      `the RPC ${rpcUrl} is chain ${rpcChainId}, not ${chainId}`,
      `Pass chainId: ${rpcChainId}, or point rpcUrl at chain ${chainId}.`,
    );
  const store = new TransactionStore();
  const ctx: ServiceContext = {
    publicClient,
    chainId,
    store,
    executions: new ExecutionIndex(publicClient, await publicClient.getBlockNumber({ cacheTime: 0 })),
    delegates: delegates.map((delegate) => getAddress(delegate)),
  };
  const server = createServer((request, response) => void handle(ctx, request, response));
  const address = await listen(server, port, host);
  const url = `http://${host}:${address.port}/api`;
  return {
    url,
    port: address.port,
    store,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(ctx: ServiceContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  try {
    if (request.method === 'OPTIONS') {
      response.writeHead(204, corsHeaders);
      response.end();
      return;
    }
    const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
    // The hosted service lives under `…/api`; accept the paths with or without it, and with or without the slash.
    const path = url.pathname.replace(/^\/api(?=\/)/, '').replace(/\/+$/, '');
    const matching = routes.filter((route) => route.pattern.test(path));
    const route = matching.find((candidate) => candidate.method === request.method);
    if (!route) {
      if (matching.length > 0)
        throw new TxServiceRequestError(405, `Method "${request.method}" not allowed on ${url.pathname}.`);
      throw notFound(
        `Not found: ${request.method} ${url.pathname}. This local Transaction Service serves /v1/about, /v1/safes/{safe}/, ` +
          '/v2/safes/{safe}/multisig-transactions/, /v2/multisig-transactions/{safeTxHash}/ and ' +
          '/v1/multisig-transactions/{safeTxHash}/confirmations/.',
      );
    }
    const match = path.match(route.pattern)!.slice(1).map(decodeURIComponent);
    const [status, body] = await route.handle(ctx, match, url, request);
    sendJson(response, status, body);
  } catch (error) {
    if (error instanceof TxServiceRequestError) sendJson(response, error.status, error.body);
    else
      sendJson(response, 500, {
        detail: `Internal error: ${(error as Error)?.message?.split('\n')[0] ?? String(error)}`,
      });
  }
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new TxServiceStartError(
              `port ${port} on ${host} is in use`,
              'Stop what holds it or choose another port (0 picks a free one).',
              error,
            )
          : error,
      ),
    );
    server.listen(port, host, () => resolve(server.address() as AddressInfo));
  });
}

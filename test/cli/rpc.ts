import { type IncomingMessage, createServer } from 'node:http';
import type { Socket } from 'node:net';

/** A JSON-RPC proxy in front of a node: counts HTTP requests, and can play a node that dies after a transaction. */
export type RpcProxy = {
  url: string;
  /** HTTP requests forwarded so far. */
  requests: () => number;
  /** The JSON-RPC methods of each forwarded request (a batch is one entry with several methods). */
  methods: () => string[][];
  resetCount: () => void;
  close: () => Promise<void>;
};

/**
 * Starts a proxy on a free port of 127.0.0.1 that forwards every POST to `target`. With `dieAfterSend`, once it has
 * forwarded an `eth_sendRawTransaction` (or `eth_sendTransaction`) and returned the node's answer, it closes every
 * connection and every later one at once: the node "went away" right after taking the transaction.
 */
export async function startRpcProxy(target: string, options: { dieAfterSend?: boolean } = {}): Promise<RpcProxy> {
  let requests = 0;
  let methods: string[][] = [];
  let dead = false;
  const sockets = new Set<Socket>();
  const server = createServer(async (request, response) => {
    if (dead) {
      request.socket.destroy();
      return;
    }
    requests += 1;
    const body = await read(request);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = undefined;
    }
    const calls = (Array.isArray(parsed) ? parsed : [parsed]) as { method?: string }[];
    const names = calls.map((call) => String(call?.method));
    methods.push(names);
    const answer = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const text = await answer.text();
    response.writeHead(answer.status, { 'content-type': 'application/json' });
    response.end(text, () => {
      if (
        options.dieAfterSend &&
        names.some((name) => name === 'eth_sendRawTransaction' || name === 'eth_sendTransaction')
      ) {
        dead = true;
        for (const socket of sockets) socket.destroy();
      }
    });
  });
  server.on('connection', (socket) => {
    if (dead) socket.destroy();
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    methods: () => methods,
    resetCount: () => {
      requests = 0;
      methods = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function read(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}

import { type Address, type Hex, type PublicClient, getAddress, isAddress } from 'viem';

/** One frame of a `callTracer` trace (`debug_traceCall` / `debug_traceTransaction`), as Anvil and geth answer it. */
export type CallFrame = {
  type: string;
  from: string;
  to?: string;
  input?: string;
  error?: string;
  calls?: CallFrame[];
};

/** A delegatecall made in the probed contract's storage into code that is neither the contract nor its implementation. */
export type OnwardDelegatecall = {
  /** The code that ran in the contract's storage, from the call's target down to `target` (delegatecalls only). */
  chain: Address[];
  /** The third contract whose code ran in the contract's storage. */
  target: Address;
};

/**
 * The delegatecalls of a traced call that run third-party code in the storage of the called contract: walking down
 * from the root frame through `DELEGATECALL` (and `CALLCODE`) frames only (code that runs in the root's storage), every
 * frame whose code address is not in `allowed`. A `CALL` or `STATICCALL` leaves the root's storage, so what happens
 * below it is another contract's business and is not followed. A frame that is flagged is not followed further.
 * Malformed frames are skipped (never throws).
 *
 * @example
 * onwardDelegatecalls(trace, { allowed: [proxy, implementation] });
 * // [{ chain: [proxy, implementation, poolV2], target: poolV2 }]
 */
export function onwardDelegatecalls(
  root: CallFrame,
  { allowed }: { allowed: readonly Address[] },
): OnwardDelegatecall[] {
  const known = new Set(allowed.map((address) => address.toLowerCase()));
  const found: OnwardDelegatecall[] = [];
  const start = addressOf(root.to);
  if (!start) return found;
  const walk = (frame: CallFrame, chain: Address[]) => {
    for (const child of frame.calls ?? []) {
      const type = child.type?.toUpperCase();
      if (type !== 'DELEGATECALL' && type !== 'CALLCODE') continue;
      const target = addressOf(child.to);
      if (!target) continue;
      const path = [...chain, target];
      if (known.has(target.toLowerCase())) walk(child, path);
      else if (!found.some((seen) => seen.target === target)) found.push({ chain: path, target });
    }
  };
  walk(root, [start]);
  return found;
}

export type TraceOnwardDelegatecallsParameters = {
  client: PublicClient;
  /** The contract called (a proxy, or an implementation called directly). */
  to: Address;
  data: Hex;
  /** The code addresses that may run in `to`'s storage (`to` itself and its implementation). */
  allowed: readonly Address[];
  /** The caller (default: an address that is nobody's admin, so a Transparent proxy forwards the call). */
  from?: Address;
  /** The gas the traced call gets (default 5,000,000: enough for a view, bounded for a forwarder that loops). */
  gas?: bigint;
};

/** The caller of traced probes: no proxy's admin, so a Transparent proxy forwards to its implementation. */
export const probeCaller: Address = '0x000000000000000000000000000000000000dEaD';

/**
 * Traces `to.call(data)` at the latest block with the node's `callTracer` (`debug_traceCall`, which Anvil serves) and
 * returns the onward delegatecalls (`onwardDelegatecalls`). `undefined` when the node cannot trace (no `debug_`
 * namespace, an answer that is not a trace): the probe says nothing then, and never throws.
 *
 * @example
 * await traceOnwardDelegatecalls({ client, to: proxy, data: '0x54fd4d50', allowed: [proxy, poolV2] }); // []
 */
export async function traceOnwardDelegatecalls(
  parameters: TraceOnwardDelegatecallsParameters,
): Promise<OnwardDelegatecall[] | undefined> {
  const { client, to, data, allowed } = parameters;
  const call = {
    from: parameters.from ?? probeCaller,
    to,
    data,
    gas: `0x${(parameters.gas ?? 5_000_000n).toString(16)}`,
  };
  let trace: unknown;
  try {
    trace = await client.request({
      method: 'debug_traceCall',
      params: [call, 'latest', { tracer: 'callTracer' }],
    } as never);
  } catch {
    return undefined;
  }
  if (!isFrame(trace)) return undefined;
  return onwardDelegatecalls(trace, { allowed });
}

function isFrame(value: unknown): value is CallFrame {
  return typeof value === 'object' && value !== null && typeof (value as CallFrame).type === 'string';
}

function addressOf(value: string | undefined): Address | undefined {
  return value && isAddress(value, { strict: false }) ? getAddress(value) : undefined;
}

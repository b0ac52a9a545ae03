import type { LocalAccount, PublicClient, WalletClient } from 'viem';

import { type CliChain, connectWith, defaultReceiptTimeoutMs, rpcVariable, walletFor } from './chain.js';
import { UsageError } from './errors.js';
import { parseDuration } from './durations.js';
import { requireAccount } from './keys.js';
import { type OptionSpecs, type ParsedValues, stringOption } from './options.js';
import type { ExitCode, Output } from './output.js';

/** What a command gets: its parsed options, where to write, and the chain and signer on demand. */
export type CommandContext = {
  command: string;
  values: ParsedValues;
  out: Output;
  env: NodeJS.ProcessEnv;
  /** Connects to --rpc (or MANIFEST_GUARD_RPC) once, checking --chain-id. */
  chain: () => Promise<CliChain>;
  /**
   * `chain()`, with `reads` sent in the same JSON-RPC batch as the connection's chain id question (one HTTP request
   * for both, on a first connection).
   */
  chainWith: <T>(reads: (client: PublicClient) => Promise<T>) => Promise<{ chain: CliChain; value: T }>;
  /** A wallet client for `account` that reports each sent hash (stderr) before any receipt is awaited. */
  wallet: (chain: CliChain, account: LocalAccount) => WalletClient;
  /** Whether an RPC is configured (some commands work offline too). */
  hasRpc: boolean;
  /** The signer (MANIFEST_GUARD_PRIVATE_KEY or --keystore); `role` is named when it is missing. */
  account: (role: string) => Promise<LocalAccount>;
};

/** One `manifest-guard <name>` command (its one-line summary is in `main.ts`, so the list loads no command). */
export type Command = {
  name: string;
  /** `manifest-guard <name> …` synopsis lines. */
  usage: string[];
  /** What it does, how it decides, its exit codes. */
  description: string;
  options: OptionSpecs;
  run: (context: CommandContext) => Promise<ExitCode>;
};

export function createContext(command: string, values: ParsedValues, out: Output, env: NodeJS.ProcessEnv) {
  const rpc = stringOption(values, 'rpc') ?? env[rpcVariable];
  const receiptTimeout = stringOption(values, 'receipt-timeout');
  const receiptTimeoutMs =
    receiptTimeout === undefined ? defaultReceiptTimeoutMs : millisecondsOption(receiptTimeout, '--receipt-timeout');
  const parameters = {
    command,
    rpc,
    chainId: stringOption(values, 'chain-id'),
    receiptTimeoutMs,
    onSent: (hash: string, from: string) =>
      out.sent(`${hash} from ${from}; waiting up to ${Math.round(receiptTimeoutMs / 1000)} s for its receipt`),
  };
  let connected: Promise<CliChain> | undefined;
  const context: CommandContext = {
    command,
    values,
    out,
    env,
    hasRpc: !!rpc,
    chain: () => {
      connected ??= connectWith(parameters, async () => undefined).then(({ chain }) => chain);
      return connected;
    },
    chainWith: async (reads) => {
      if (connected) {
        const chain = await connected;
        return { chain, value: await reads(chain.publicClient) };
      }
      const attempt = connectWith(parameters, reads);
      connected = attempt.then(({ chain }) => chain);
      return attempt;
    },
    wallet: (chain, account) => walletFor(chain, account),
    account: (role) => requireAccount({ env, keystore: stringOption(values, 'keystore'), command, role }),
  };
  return context;
}

/** A duration option in milliseconds: `500ms`, or seconds / `30s`, `2m`, `1h` (`parseDuration`). */
export function millisecondsOption(value: string, where: string): number {
  const match = /^([0-9]+)ms$/.exec(value.trim());
  const ms = match ? Number(match[1]) : Number(parseDuration(value, where)) * 1000;
  if (!Number.isSafeInteger(ms) || ms <= 0) {
    throw new UsageError(`${where} "${value}" is not a positive duration.`, 'Use e.g. 500ms, 30s, 2m.');
  }
  return ms;
}

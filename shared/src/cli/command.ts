import type { LocalAccount } from 'viem';

import { type CliChain, connect, rpcVariable } from './chain.js';
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
  let connected: Promise<CliChain> | undefined;
  const context: CommandContext = {
    command,
    values,
    out,
    env,
    hasRpc: !!rpc,
    chain: () => {
      connected ??= connect({ command, rpc, chainId: stringOption(values, 'chain-id') });
      return connected;
    },
    account: (role) => requireAccount({ env, keystore: stringOption(values, 'keystore'), command, role }),
  };
  return context;
}

import { type Address, type Hex, getAddress, isAddress } from 'viem';

import { manifestGuardAbi } from '../generated/manifestGuard.js';
import { manifestId, type ReleasePackage, toManifest } from '../node.js';
import { type CliChain, parseChainId } from './chain.js';
import type { CommandContext } from './command.js';
import { parseDuration } from './durations.js';
import { UsageError } from './errors.js';
import { readPackage } from './files.js';
import { stringOption } from './options.js';

export { parseDuration };

/** An address option (`--guard 0x…`). @throws {UsageError} when it is not an address. */
export function addressOption(context: CommandContext, name: string): Address | undefined {
  const value = stringOption(context.values, name);
  if (value === undefined) return undefined;
  return parseAddressValue(value, `--${name}`);
}

export function parseAddressValue(value: string, where: string): Address {
  if (!isAddress(value, { strict: false })) {
    throw new UsageError(`${where} "${value}" is not an address.`, 'Use 0x followed by 40 hex digits.');
  }
  if (!isAddress(value, { strict: true })) {
    throw new UsageError(
      `${where} "${value}" has a wrong EIP-55 checksum.`,
      'Copy the address again from a trusted source, or write it in lower case.',
    );
  }
  return getAddress(value);
}

/** A 32-byte hex option (`--id 0x…`). */
export function bytes32Option(context: CommandContext, name: string): Hex | undefined {
  const value = stringOption(context.values, name);
  if (value === undefined) return undefined;
  if (!/^0x[0-9a-fA-F]{64}$/.test(value)) {
    throw new UsageError(`--${name} "${value}" is not 32 bytes of hex.`, 'Use 0x followed by 64 hex digits.');
  }
  return value.toLowerCase() as Hex;
}

/** The package of `--package`, when given. */
export async function optionalPackage(context: CommandContext): Promise<ReleasePackage | undefined> {
  const path = stringOption(context.values, 'package');
  return path === undefined ? undefined : readPackage(path);
}

/** The guard: `--guard`, else the package's. @throws {UsageError} when neither is there. */
export function guardOf(context: CommandContext, pkg?: ReleasePackage): Address {
  const guard = addressOption(context, 'guard') ?? pkg?.guard;
  if (!guard) {
    throw new UsageError(`\`${context.command}\` needs the guard.`, 'Pass --guard <address> or --package <file>.');
  }
  return guard;
}

/** The Safe: `--safe`, else the package's, else the guard's `SAFE()`. */
export async function safeOf(
  context: CommandContext,
  chain: CliChain | undefined,
  guard: Address,
  pkg?: ReleasePackage,
): Promise<Address> {
  const safe = addressOption(context, 'safe') ?? pkg?.safe;
  if (safe) return safe;
  if (!chain) throw new UsageError(`\`${context.command}\` needs the Safe.`, 'Pass --safe <address> or --package.');
  return getAddress(
    await chain.publicClient.readContract({ address: guard, abi: manifestGuardAbi, functionName: 'SAFE' }),
  );
}

/**
 * The manifest a command acts on: `--id`, or the id of `--package` (on the package's chain and guard).
 * @throws {UsageError} when neither is given.
 */
export async function targetManifest(
  context: CommandContext,
): Promise<{ id: Hex; pkg: ReleasePackage | undefined; guard: Address }> {
  const pkg = await optionalPackage(context);
  const guard = guardOf(context, pkg);
  const id = bytes32Option(context, 'id');
  if (id) return { id, pkg, guard };
  if (!pkg) {
    throw new UsageError(
      `\`${context.command}\` needs the manifest.`,
      'Pass --package <file> (its id is computed) or --id <manifest id>.',
    );
  }
  const chainId = parseChainId(stringOption(context.values, 'chain-id')) ?? pkg.chainId;
  return { id: manifestId({ manifest: toManifest(pkg), chainId, guard }), pkg, guard };
}

/** The `package` and `id` options that name a manifest. */
export const manifestOptions = {
  package: { type: 'string', value: '<file>', description: 'The release package (its manifest id is computed).' },
  id: { type: 'string', value: '<manifest id>', description: 'The manifest id, instead of --package.' },
} as const;

import { type Address, type PublicClient, getAddress, parseAbi } from 'viem';

import { BaseError } from '../errors/base.js';
import { addressInSlot, eip1967Slots } from './slots.js';

/** The proxy patterns the builders and checks know. */
export type ProxyKind = 'transparent-v5' | 'transparent-v4' | 'uups' | 'beacon';

export type DetectProxyKindParameters = { client: PublicClient; address: Address };
export type DetectProxyKindReturnType =
  | {
      kind: 'transparent-v5' | 'transparent-v4';
      proxy: Address;
      implementation: Address | undefined;
      /** The EIP-1967 admin: the ProxyAdmin (v5 always; v4 usually, but an account is possible). */
      admin: Address;
      adminIsContract: boolean;
    }
  | { kind: 'uups'; proxy: Address; implementation: Address }
  | { kind: 'beacon'; proxy: Address; beacon: Address; implementation: Address | undefined };
export type DetectProxyKindErrorType = UnknownProxyKindError;

/** What `detectProxyKind` found at an address it could not classify. */
export type ProxyEvidence = {
  hasCode: boolean;
  implementation?: Address;
  admin?: Address;
  beacon?: Address;
};

/** The address is not a proxy of a known kind. The message says what was found and what to do. */
export class UnknownProxyKindError extends BaseError {
  override name = 'UnknownProxyKindError';
  readonly address: Address;
  readonly found: ProxyEvidence;
  constructor(address: Address, found: ProxyEvidence, reason: string, fix: string) {
    const seen = [
      `code: ${found.hasCode ? 'yes' : 'none'}`,
      `EIP-1967 implementation slot: ${found.implementation ?? 'empty'}`,
      `admin slot: ${found.admin ?? 'empty'}`,
      `beacon slot: ${found.beacon ?? 'empty'}`,
    ].join(', ');
    super(`Cannot tell what kind of proxy ${address} is: ${reason}.`, { metaMessages: [`Found ${seen}.`, fix] });
    this.address = address;
    this.found = found;
  }
}

const probeAbi = parseAbi([
  'function UPGRADE_INTERFACE_VERSION() view returns (string)',
  'function proxiableUUID() view returns (bytes32)',
  'function implementation() view returns (address)',
]);

/**
 * Detects the proxy pattern at `address` from its EIP-1967 slots and code:
 * - `beacon`: the beacon slot is set (the implementation is the beacon's `implementation()`);
 * - `transparent-v5`: the admin slot holds a ProxyAdmin whose `UPGRADE_INTERFACE_VERSION()` is 5.x;
 * - `transparent-v4`: the admin slot is set and the admin has no such constant (a v4 ProxyAdmin, or an account);
 * - `uups`: only the implementation slot is set and the implementation answers `proxiableUUID()` with that slot.
 *
 * @throws {UnknownProxyKindError} for anything else, with what was found and what to do.
 *
 * @example
 * const { kind } = await detectProxyKind({ client: publicClient, address: proxy }); // 'transparent-v5'
 */
export async function detectProxyKind({
  client,
  address: raw,
}: DetectProxyKindParameters): Promise<DetectProxyKindReturnType> {
  const address = getAddress(raw);
  const [code, implementationWord, adminWord, beaconWord] = await Promise.all([
    client.getCode({ address }),
    client.getStorageAt({ address, slot: eip1967Slots.implementation }),
    client.getStorageAt({ address, slot: eip1967Slots.admin }),
    client.getStorageAt({ address, slot: eip1967Slots.beacon }),
  ]);
  const found: ProxyEvidence = {
    hasCode: !!code && code !== '0x',
    implementation: addressInSlot(implementationWord),
    admin: addressInSlot(adminWord),
    beacon: addressInSlot(beaconWord),
  };
  if (!found.hasCode) {
    throw new UnknownProxyKindError(
      address,
      found,
      'there is no contract at this address on this chain',
      'Check the address and that the client is connected to the chain the proxy is deployed on.',
    );
  }
  if (found.beacon) {
    const implementation = await read(client, found.beacon, 'implementation');
    return {
      kind: 'beacon',
      proxy: address,
      beacon: found.beacon,
      implementation: implementation as Address | undefined,
    };
  }
  if (found.admin) {
    const adminCode = await client.getCode({ address: found.admin });
    const version =
      adminCode && adminCode !== '0x' ? await read(client, found.admin, 'UPGRADE_INTERFACE_VERSION') : undefined;
    const major = typeof version === 'string' ? Number.parseInt(version.split('.')[0] ?? '', 10) : Number.NaN;
    return {
      kind: major >= 5 ? 'transparent-v5' : 'transparent-v4',
      proxy: address,
      implementation: found.implementation,
      admin: found.admin,
      adminIsContract: !!adminCode && adminCode !== '0x',
    };
  }
  if (found.implementation) {
    const uuid = await read(client, found.implementation, 'proxiableUUID');
    if (uuid === eip1967Slots.implementation) {
      return { kind: 'uups', proxy: address, implementation: found.implementation };
    }
    throw new UnknownProxyKindError(
      address,
      found,
      uuid === undefined
        ? 'the implementation slot is set but the implementation does not answer proxiableUUID(), so it is not UUPS'
        : `the implementation answers proxiableUUID() with ${String(uuid)}, not the EIP-1967 implementation slot`,
      'An ERC1967Proxy whose implementation is not UUPSUpgradeable cannot be upgraded; check the implementation, ' +
        'or build the upgrade step by hand for a custom pattern.',
    );
  }
  throw new UnknownProxyKindError(
    address,
    found,
    'none of the EIP-1967 implementation, admin or beacon slots is set',
    'If this is the implementation rather than the proxy, use the proxy address. Proxies with non-standard slots ' +
      '(e.g. OpenZeppelin SDK 2.x, custom patterns) need their upgrade steps built by hand.',
  );
}

async function read(
  client: PublicClient,
  address: Address,
  functionName: 'UPGRADE_INTERFACE_VERSION' | 'proxiableUUID' | 'implementation',
): Promise<unknown> {
  try {
    return await client.readContract({ address, abi: probeAbi, functionName });
  } catch {
    return undefined;
  }
}

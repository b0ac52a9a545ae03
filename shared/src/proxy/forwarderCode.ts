import { type Address, type Hex, getAddress } from 'viem';

/** A runtime code that only forwards every call to one fixed address. */
export type ForwarderPattern = 'eip1167' | 'erc7511' | 'eip7702';

export type ForwarderCode = { pattern: ForwarderPattern; target: Address };

/**
 * The known forwarding codes, each as the hex before and after its 20-byte target:
 * - `eip1167`: the EIP-1167 minimal proxy (`363d3d373d3d3d363d73 <target> 5af43d82803e903d91602b57fd5bf3`), what
 *   OpenZeppelin's `Clones` deploys;
 * - `erc7511`: the same with `PUSH0` (`365f5f375f5f365f73 <target> 5af43d5f5f3e5f3d91602a57fd5bf3`);
 * - `eip7702`: an account's delegation designator (`ef0100 <target>`): its code is the target's.
 */
const patterns: readonly { pattern: ForwarderPattern; prefix: string; suffix: string }[] = [
  { pattern: 'eip1167', prefix: '363d3d373d3d3d363d73', suffix: '5af43d82803e903d91602b57fd5bf3' },
  { pattern: 'erc7511', prefix: '365f5f375f5f365f73', suffix: '5af43d5f5f3e5f3d91602a57fd5bf3' },
  { pattern: 'eip7702', prefix: 'ef0100', suffix: '' },
];

/**
 * Whether `code` (runtime code, as `eth_getCode` returns it) is a known forwarder (an EIP-1167 or ERC-7511 minimal
 * proxy, or an EIP-7702 delegation), and to which address it forwards; `undefined` for any other code, empty or
 * malformed input included (never throws).
 *
 * @example
 * forwarderCode('0x363d3d373d3d3d363d73bebebebebebebebebebebebebebebebebebebebe5af43d82803e903d91602b57fd5bf3');
 * // { pattern: 'eip1167', target: '0xBEbeBeBEbeBebeBeBEBEbebEBeBeBebeBeBebebe' }
 */
export function forwarderCode(code: Hex | undefined): ForwarderCode | undefined {
  if (!code || !/^0x[0-9a-fA-F]*$/.test(code)) return undefined;
  const body = code.slice(2).toLowerCase();
  for (const { pattern, prefix, suffix } of patterns) {
    if (body.length !== prefix.length + 40 + suffix.length) continue;
    if (!body.startsWith(prefix) || !body.endsWith(suffix)) continue;
    return { pattern, target: getAddress(`0x${body.slice(prefix.length, prefix.length + 40)}`) };
  }
  return undefined;
}

/**
 * The runtime code of an EIP-1167 minimal proxy forwarding to `target` (what OpenZeppelin's `Clones.clone` deploys).
 *
 * @example
 * eip1167Code(poolV2); // '0x363d3d373d3d3d363d73…5af43d82803e903d91602b57fd5bf3'
 */
export function eip1167Code(target: Address): Hex {
  const { prefix, suffix } = patterns[0]!;
  return `0x${prefix}${target.slice(2).toLowerCase()}${suffix}`;
}

/**
 * Creation code that deploys an EIP-1167 minimal proxy forwarding to `target`: `3d602d80600a3d3981f3` (copy the 45
 * runtime bytes that follow and return them) then the runtime code.
 *
 * @example
 * await walletClient.sendTransaction({ data: eip1167CreationCode(poolV2) }); // deploys a clone of poolV2
 */
export function eip1167CreationCode(target: Address): Hex {
  return `0x3d602d80600a3d3981f3${eip1167Code(target).slice(2)}`;
}

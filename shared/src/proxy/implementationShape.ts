import { type Address, type Hex, type PublicClient, getAddress, isAddressEqual, toFunctionSelector } from 'viem';

import { type ForwarderPattern, forwarderCode } from './forwarderCode.js';
import { traceOnwardDelegatecalls } from './onwardDelegatecalls.js';
import { addressInSlot, eip1967Slots } from './slots.js';

/** What makes an implementation a proxy, or code that hands the proxy's storage to a third contract. */
export type ImplementationShapeEvidence =
  | {
      /** The implementation's own storage holds an address in an EIP-1967 slot: it is itself a proxy. */
      kind: 'eip1967Slot';
      slot: 'implementation' | 'beacon' | 'admin';
      slotKey: Hex;
      address: Address;
    }
  | {
      /** The implementation's runtime code is a known forwarder (`forwarderCode`). */
      kind: 'forwarderCode';
      pattern: ForwarderPattern;
      target: Address;
    }
  | {
      /** A traced call through `through` ran a third contract's code in `through`'s storage. */
      kind: 'onwardDelegatecall';
      through: Address;
      data: Hex;
      chain: Address[];
      target: Address;
    };

/**
 * - `plain`: no evidence (own EIP-1967 slots empty, not a forwarder, no onward delegatecall in the traced probes);
 * - `proxy`: the implementation is itself a proxy (an EIP-1967 slot of its own storage is set, or its code is a
 *   known forwarder);
 * - `delegates`: only a traced probe shows it delegatecalling on to a third contract;
 * - `noCode`: there is no code at the address (the upgrade itself fails for the OpenZeppelin proxies).
 */
export type ImplementationVerdict = 'plain' | 'proxy' | 'delegates' | 'noCode';

/** An implementation's shape, with the evidence (JSON-serialisable). */
export type ImplementationShape = {
  implementation: Address;
  verdict: ImplementationVerdict;
  evidence: ImplementationShapeEvidence[];
  /** How many probes were traced (0: the node cannot trace, or none was asked for). */
  traced: number;
};

/** A call traced after the upgrade: `through` is the proxy (or the implementation itself, called directly). */
export type ImplementationProbe = { through: Address; data: Hex };

export type ImplementationShapeParameters = {
  client: PublicClient;
  implementation: Address;
  /** Read the code and slots at this block (default: the latest). */
  blockNumber?: bigint;
  /**
   * Calls to trace at the latest block, on a chain (a fork) where the implementation is installed: each may run only
   * `through` and `implementation` in `through`'s storage.
   */
  probes?: readonly ImplementationProbe[];
};

/**
 * Calldata that no contract implements (the selector of `manifestGuardHiddenProxyProbe()`): a plain implementation
 * reverts (or runs its own fallback), a forwarder forwards it, so the trace shows where it goes.
 */
export const hiddenProxyProbeData: Hex = toFunctionSelector('manifestGuardHiddenProxyProbe()');

/**
 * Whether an implementation is itself a proxy or delegates elsewhere (the hidden-proxy pattern: a proxy inserted
 * between a proxy and its implementation), with the evidence:
 * - its own storage holds an address in the EIP-1967 implementation, beacon or admin slot (a UUPS implementation's
 *   `proxiableUUID()` names the implementation slot, but its own storage there is empty: that is fine);
 * - its runtime code is an EIP-1167 / ERC-7511 minimal proxy or an EIP-7702 delegation (`forwarderCode`);
 * - a traced probe (`probes`, on a fork after the upgrade) delegatecalls, in the proxy's storage, into code that is
 *   neither the proxy nor the implementation (`onwardDelegatecalls`: an implementation that delegatecalls into
 *   itself, or into the proxy, is fine).
 * Odd code never throws; a node that cannot trace only leaves `traced` at 0.
 *
 * @throws when the node does not answer `eth_getCode` or `eth_getStorageAt`.
 * @example
 * const shape = await implementationShape({ client, implementation: poolV2 });
 * shape.verdict; // 'plain'
 */
export async function implementationShape(parameters: ImplementationShapeParameters): Promise<ImplementationShape> {
  const { client, blockNumber } = parameters;
  const implementation = getAddress(parameters.implementation);
  const at = blockNumber === undefined ? {} : { blockNumber };
  const slots = Object.entries(eip1967Slots) as [keyof typeof eip1967Slots, Hex][];
  const [code, ...words] = await Promise.all([
    client.getCode({ address: implementation, ...at }),
    ...slots.map(([, slot]) => client.getStorageAt({ address: implementation, slot, ...at })),
  ]);
  const evidence: ImplementationShapeEvidence[] = [];
  slots.forEach(([name, slotKey], index) => {
    const address = addressInSlot(words[index]);
    if (address) evidence.push({ kind: 'eip1967Slot', slot: name, slotKey, address });
  });
  const forwarder = forwarderCode(code);
  if (forwarder) evidence.push({ kind: 'forwarderCode', ...forwarder });

  let traced = 0;
  for (const probe of parameters.probes ?? []) {
    const through = getAddress(probe.through);
    const allowed = isAddressEqual(through, implementation) ? [implementation] : [through, implementation];
    const onward = await traceOnwardDelegatecalls({ client, to: through, data: probe.data, allowed });
    if (!onward) break;
    traced += 1;
    for (const { chain, target } of onward) {
      const seen = evidence.some(
        (known) => known.kind === 'onwardDelegatecall' && known.through === through && known.target === target,
      );
      if (!seen) evidence.push({ kind: 'onwardDelegatecall', through, data: probe.data, chain, target });
    }
  }

  const hasCode = !!code && code !== '0x';
  const isProxy = evidence.some((known) => known.kind !== 'onwardDelegatecall');
  const verdict: ImplementationVerdict = isProxy
    ? 'proxy'
    : evidence.length > 0
      ? 'delegates'
      : hasCode
        ? 'plain'
        : 'noCode';
  return { implementation, verdict, evidence, traced };
}

const patternNames: Record<ForwarderPattern, string> = {
  eip1167: 'an EIP-1167 minimal proxy',
  erc7511: 'an ERC-7511 minimal proxy',
  eip7702: 'an EIP-7702 delegation',
};

/**
 * One line per piece of evidence, for reasons and reports.
 *
 * @example
 * describeShapeEvidence(evidence); // ['its own EIP-1967 implementation slot holds 0x…', …]
 */
export function describeShapeEvidence(evidence: readonly ImplementationShapeEvidence[]): string[] {
  return evidence.map((known) => {
    switch (known.kind) {
      case 'eip1967Slot':
        return `its own EIP-1967 ${known.slot} slot (${known.slotKey}) holds ${known.address}`;
      case 'forwarderCode':
        return `its runtime code is ${patternNames[known.pattern]} forwarding to ${known.target}`;
      case 'onwardDelegatecall':
        return (
          `a call through ${known.through} (calldata ${known.data.slice(0, 10)}) delegatecalls on to ${known.target} ` +
          `(${known.chain.join(' -> ')})`
        );
    }
  });
}

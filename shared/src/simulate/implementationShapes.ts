import { type Address, type Hex, type PublicClient, getAddress, isAddressEqual } from 'viem';

import {
  type ImplementationProbe,
  type ImplementationShape,
  describeShapeEvidence,
  hiddenProxyProbeData,
  implementationShape,
} from '../proxy/implementationShape.js';
import { type InstalledImplementation, installedImplementations } from '../proxy/installedImplementations.js';
import { addressInSlot, eip1967Slots } from '../proxy/slots.js';

/** The shape of an implementation a step installs (JSON-serialisable). */
export type InstalledImplementationShape = InstalledImplementation & ImplementationShape;

/** An installed implementation that is a proxy or delegates elsewhere, in one sentence. */
export type ImplementationFinding = {
  kind: 'implementationIsProxy' | 'implementationDelegates';
  upgraded: Address;
  implementation: Address;
  message: string;
};

export type InstalledImplementationShapesParameters = {
  /** A client on a chain (a fork) where the calls have run. */
  client: PublicClient;
  /** The executed Safe transaction steps. */
  calls: readonly { to: Address; data: Hex; operation: number }[];
  safe: Address;
  /** Contracts that may be proxies of an upgraded beacon (a call through each of them is traced too). */
  contracts?: readonly Address[];
  /** Calls the team expects the new implementation to answer (e.g. the phase's result-hash checks), traced too. */
  probes?: readonly { to: Address; data: Hex }[];
  /** Whether to trace calls (false when the calls reverted, or have not run: the implementations are not installed). */
  trace?: boolean;
  /** Read code and slots at this block (default: the latest). */
  blockNumber?: bigint;
};

/**
 * The shape (`implementationShape`) of every implementation the calls install, read on the chain after them. Each is
 * traced directly and through every proxy that now runs it: the upgraded proxy, or for a beacon each of `contracts`
 * whose EIP-1967 beacon slot names it; each with calldata no contract implements and with each of `probes` aimed at
 * that proxy.
 *
 * @throws when the node does not answer `eth_getCode` or `eth_getStorageAt`.
 * @example
 * const shapes = await installedImplementationShapes({ client: fork.clients.publicClient, calls: [step], safe });
 * shapes[0].verdict; // 'proxy' for an ERC1967Proxy installed as the implementation
 */
export async function installedImplementationShapes(
  parameters: InstalledImplementationShapesParameters,
): Promise<InstalledImplementationShape[]> {
  const { client, safe } = parameters;
  const installs = unique(parameters.calls.flatMap((call) => installedImplementations(call, safe)));
  const shapes: InstalledImplementationShape[] = [];
  for (const install of installs) {
    const probes: ImplementationProbe[] = [];
    if (parameters.trace !== false) {
      const beaconOf = await beaconProxies(client, install.upgraded, parameters.contracts);
      const throughs = [install.upgraded, ...beaconOf];
      for (const through of throughs) {
        probes.push({ through, data: hiddenProxyProbeData });
        for (const probe of parameters.probes ?? []) {
          if (isAddressEqual(probe.to, through)) probes.push({ through, data: probe.data });
        }
      }
      probes.push({ through: install.implementation, data: hiddenProxyProbeData });
    }
    const shape = await implementationShape({
      client,
      implementation: install.implementation,
      blockNumber: parameters.blockNumber,
      probes,
    });
    shapes.push({ ...install, ...shape });
  }
  return shapes;
}

/**
 * The findings among the shapes: `implementationIsProxy` (own EIP-1967 slots or forwarder code) and
 * `implementationDelegates` (a traced onward delegatecall only), each naming the implementation, what it is installed
 * in and the evidence.
 *
 * @example
 * implementationFindings(shapes); // [{ kind: 'implementationIsProxy', message: 'The implementation 0x… installed in 0x… is itself a proxy: …' }]
 */
export function implementationFindings(shapes: readonly InstalledImplementationShape[]): ImplementationFinding[] {
  return shapes.flatMap((shape): ImplementationFinding[] => {
    if (shape.verdict !== 'proxy' && shape.verdict !== 'delegates') return [];
    const evidence = describeShapeEvidence(shape.evidence).join('; ');
    const message =
      shape.verdict === 'proxy'
        ? `The implementation ${shape.implementation} installed in ${shape.upgraded} is itself a proxy: ${evidence}. ` +
          'The code that would run is not the code reviewed (the hidden-proxy pattern); install the real ' +
          'implementation instead.'
        : `The implementation ${shape.implementation} installed in ${shape.upgraded} delegatecalls on to another ` +
          `contract: ${evidence}. That contract's code runs in the proxy's storage; unless it is a library the ` +
          'team reviewed, install an implementation that does not.';
    return [
      {
        kind: shape.verdict === 'proxy' ? 'implementationIsProxy' : 'implementationDelegates',
        upgraded: shape.upgraded,
        implementation: shape.implementation,
        message,
      },
    ];
  });
}

/** The contracts among `contracts` whose EIP-1967 beacon slot names `beacon` (none when it is not a beacon). */
async function beaconProxies(
  client: PublicClient,
  beacon: Address,
  contracts: readonly Address[] | undefined,
): Promise<Address[]> {
  const found: Address[] = [];
  for (const contract of new Set((contracts ?? []).map((address) => getAddress(address)))) {
    if (isAddressEqual(contract, beacon)) continue;
    const word = await client.getStorageAt({ address: contract, slot: eip1967Slots.beacon });
    const named = addressInSlot(word);
    if (named && isAddressEqual(named, beacon)) found.push(contract);
  }
  return found;
}

function unique(installs: InstalledImplementation[]): InstalledImplementation[] {
  const seen = new Set<string>();
  return installs.filter((install) => {
    const key = `${install.upgraded}:${install.implementation}`.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

import { type Abi, type Log, decodeEventLog } from 'viem';

import {
  beaconProxyAbi,
  demoPoolV2Abi,
  demoVaultV1Abi,
  manifestGuardAbi,
  proxyAdminAbi,
  transparentUpgradeableProxyAbi,
  upgradeableBeaconAbi,
} from '../generated/index.js';
import type { JsonValue } from '../package/schema.js';
import { safeAbi } from '../generated/safe.js';
import { toJson } from './toJson.js';

const knownEvents = [
  ...manifestGuardAbi,
  ...safeAbi,
  ...proxyAdminAbi,
  ...transparentUpgradeableProxyAbi,
  ...upgradeableBeaconAbi,
  ...beaconProxyAbi,
  ...demoVaultV1Abi,
  ...demoPoolV2Abi,
].filter((item) => item.type === 'event') as Abi;

/** One event of a simulated step: decoded when its ABI is known, raw otherwise. */
export type SimulatedEvent = {
  address: string;
  name: string | null;
  args: JsonValue;
  topics: string[];
  data: string;
};

/**
 * The logs of a receipt, decoded with the ABIs this library knows (guard, Safe, OpenZeppelin proxies, demo
 * contracts); `name: null` for the others.
 *
 * @example
 * decodeLogs(receipt.logs); // [{ address, name: 'Upgraded', args: { implementation: '0x…' }, … }]
 */
export function decodeLogs(logs: readonly Log[]): SimulatedEvent[] {
  return logs.map((log) => {
    const raw = { address: log.address, topics: [...log.topics] as string[], data: log.data };
    const [signature, ...indexed] = log.topics;
    if (signature === undefined) return { ...raw, name: null, args: null };
    try {
      const decoded = decodeEventLog({ abi: knownEvents, data: log.data, topics: [signature, ...indexed] });
      return { ...raw, name: decoded.eventName ?? null, args: toJson(decoded.args) };
    } catch {
      return { ...raw, name: null, args: null };
    }
  });
}

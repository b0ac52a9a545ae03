import { type Address, type Hex, getAddress, keccak256, stringToBytes } from 'viem';

import type { BatchCall, SlotRead } from './batchReads.js';

/**
 * The Safe's guard slot, `keccak256("guard_manager.guard.address")` =
 * 0x4a204f620c8c5ccdca3fd54d003badd85ba500436a431f0cbda4f558c93c34c8 (Safe `GuardManager`).
 */
export const safeGuardSlot: Hex = keccak256(stringToBytes('guard_manager.guard.address'));
/**
 * The Safe 1.5.0 module guard slot, `keccak256("module_manager.module_guard.address")` =
 * 0xb104e0b93118902c651344349b610029d694cfdec91c589c91ebafbcd0289947 (Safe `ModuleManager`).
 */
export const safeModuleGuardSlot: Hex = keccak256(stringToBytes('module_manager.module_guard.address'));

/**
 * The reads of one verification, deduplicated: storage words (read in one `eth_call` with a state override) and
 * view calls (one Multicall3 `aggregate3`). Each `slot`/`call` answers the position of its result.
 */
export class StateReads {
  readonly slots: SlotRead[] = [];
  readonly calls: BatchCall[] = [];
  readonly #slotIndex = new Map<string, number>();
  readonly #callIndex = new Map<string, number>();

  slot(address: Address, slot: Hex): number {
    const key = `${getAddress(address)}:${slot}`;
    let index = this.#slotIndex.get(key);
    if (index === undefined) {
      index = this.slots.push({ address: getAddress(address), slot }) - 1;
      this.#slotIndex.set(key, index);
    }
    return index;
  }

  call(target: Address, data: Hex): number {
    const key = `${getAddress(target)}:${data}`;
    let index = this.#callIndex.get(key);
    if (index === undefined) {
      index = this.calls.push({ target: getAddress(target), data }) - 1;
      this.#callIndex.set(key, index);
    }
    return index;
  }
}

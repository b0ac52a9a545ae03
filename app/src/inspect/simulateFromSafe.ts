import type { Address, PublicClient } from 'viem';

import type { SafeCall } from '../safe/connection.js';

/** The outcome of running a Safe transaction's call from the Safe. */
export type SimulationOutcome = { outcome: 'success' | 'reverted' | 'not-simulated'; detail: string };

/**
 * Runs the call from the Safe on the current state (`eth_call`), without the guard and signatures; a batch
 * (delegatecall) is not run here.
 *
 * @example
 * const { outcome, detail } = await simulateFromSafe(client, safe, call);
 */
export async function simulateFromSafe(
  client: PublicClient,
  safe: Address,
  call: SafeCall,
): Promise<SimulationOutcome> {
  if (call.operation !== 0) {
    return {
      outcome: 'not-simulated',
      detail: 'A batch (delegatecall) is not dry-run here: run the simulation gate (CLI) on a fork for its effects.',
    };
  }
  try {
    const { data } = await client.call({ account: safe, to: call.to, data: call.data, value: call.value });
    return {
      outcome: 'success',
      detail: `The call succeeds from the Safe on the current state (returns ${data ?? '0x'}).`,
    };
  } catch (error) {
    const reason = (error as { shortMessage?: string; message?: string }).shortMessage ?? String(error);
    return {
      outcome: 'reverted',
      detail: `The call reverts from the Safe on the current state: ${reason.split('\n')[0]}`,
    };
  }
}

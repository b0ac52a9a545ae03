import { type Address, type Hex, getAddress } from 'viem';

import { manifestGuardAbi } from '../../generated/manifestGuard.js';
import { expectGuard } from '../chain.js';
import type { Command } from '../command.js';
import { type ManifestState, readState, stateLine } from '../guardState.js';
import { bytes32Option, guardOf, optionalPackage } from '../inputs.js';
import { exitCode } from '../output.js';

export const status: Command = {
  name: 'status',
  usage: ['status (--guard <address> | --package <file>) --rpc <url> [--id <manifest id>] [--json]'],
  description: [
    'Reads the guard: its Safe, roles, thresholds and delays, whether the Safe is frozen, and every registered',
    'manifest (or only --id) with its ticket, status, lane, approvals, phase cursor and window.',
    'Exit: 0 ok, 2 an error.',
  ].join('\n'),
  options: {
    package: { type: 'string', value: '<file>', description: "Read the package's guard." },
    id: { type: 'string', value: '<manifest id>', description: 'Show only this manifest.' },
  },
  async run(context) {
    const pkg = await optionalPackage(context);
    const guard = guardOf(context, pkg);
    const chain = await context.chain();
    await expectGuard(chain, guard);
    const guardContract = { address: guard, abi: manifestGuardAbi } as const;
    const [safe, config, frozenUntil, count, block] = await Promise.all([
      chain.publicClient.readContract({ ...guardContract, functionName: 'SAFE' }),
      chain.publicClient.readContract({ ...guardContract, functionName: 'getConfig' }),
      chain.publicClient.readContract({ ...guardContract, functionName: 'frozenUntil' }),
      chain.publicClient.readContract({ ...guardContract, functionName: 'manifestCount' }),
      chain.publicClient.getBlock(),
    ]);
    const only = bytes32Option(context, 'id');
    const ids: Hex[] = only
      ? [only]
      : await Promise.all(
          Array.from({ length: Number(count) }, (_, i) =>
            chain.publicClient.readContract({ ...guardContract, functionName: 'manifestAt', args: [BigInt(i)] }),
          ),
        );
    const tickets = await registeredTickets(chain.publicClient, guard);
    const manifests: (ManifestState & { ticket: string | null })[] = [];
    for (const id of ids) manifests.push({ ...(await readState(chain, guard, id)), ticket: tickets.get(id) ?? null });
    const frozen = frozenUntil > block.timestamp;
    const result = {
      guard,
      safe: getAddress(safe),
      chainId: chain.chainId,
      now: block.timestamp,
      frozen,
      frozenUntil,
      config,
      manifests,
    };
    const roles = (name: string, list: readonly Address[]) => `  ${name.padEnd(10)} ${list.join(', ') || '(none)'}`;
    context.out.result(
      result,
      [
        `guard ${guard} on chain ${chain.chainId}, Safe ${result.safe}`,
        frozen ? `FROZEN until ${new Date(Number(frozenUntil) * 1000).toISOString()}` : 'not frozen',
        roles('proposers', config.proposers),
        roles('approvers', config.approvers),
        roles('executors', config.executors),
        roles('guardians', config.guardians),
        `  routine: ${config.routineThreshold} approvals, ${config.routineDelay} s delay; privileged: ` +
          `${config.privilegedThreshold} approvals, ${config.privilegedDelay} s delay`,
        `${manifests.length} manifest${manifests.length === 1 ? '' : 's'}:`,
        ...manifests.map((m) => `  ${m.id} ${m.ticket ? `"${m.ticket}" ` : ''}\n    ${stateLine(m)}`),
      ].join('\n'),
    );
    return exitCode.ok;
  },
};

/** Tickets from the guard's ManifestRegistered events (best effort: a node may refuse a long log range). */
async function registeredTickets(
  publicClient: import('viem').PublicClient,
  guard: Address,
): Promise<Map<string, string>> {
  const tickets = new Map<string, string>();
  try {
    const logs = await publicClient.getContractEvents({
      address: guard,
      abi: manifestGuardAbi,
      eventName: 'ManifestRegistered',
      fromBlock: 'earliest',
    });
    for (const log of logs) {
      const args = log.args as { manifestId?: Hex; ticket?: string };
      if (args.manifestId && args.ticket !== undefined) tickets.set(args.manifestId, args.ticket);
    }
  } catch {
    // tickets stay unknown
  }
  return tickets;
}

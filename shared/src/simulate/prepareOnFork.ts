import { type Address, type Hex, keccak256, stringToBytes } from 'viem';

import type { ChainClients } from '../fork/chainClients.js';
import { manifestGuardAbi } from '../generated/manifestGuard.js';
import { type Manifest, ManifestStatus } from '../guard/manifest.js';
import { type ManifestView, readManifestView } from '../gate/readChainState.js';
import { type WriteFunctionArgs, type WriteFunctionName } from '../fork/contractWrite.js';
import { sendAs } from '../fork/forkActions.js';

/** The metrics hash the simulation attests "continue" with. */
export const simulationMetricsHash: Hex = keccak256(stringToBytes('manifest-guard simulation'));

type Context = { clients: ChainClients; guard: Address; notes: string[] };

async function view({ clients, guard }: Context, id: Hex): Promise<ManifestView> {
  return readManifestView(clients.publicClient, guard, id);
}

async function guardCall<functionName extends WriteFunctionName<typeof manifestGuardAbi>>(
  context: Context,
  account: Address,
  functionName: functionName,
  args: WriteFunctionArgs<typeof manifestGuardAbi, functionName>,
) {
  await sendAs(context.clients, account, { address: context.guard, abi: manifestGuardAbi, functionName, args });
}

async function advanceTo(context: Context, timestamp: bigint, why: string) {
  const { publicClient, testClient } = context.clients;
  const now = (await publicClient.getBlock()).timestamp;
  if (now >= timestamp) return;
  await testClient.increaseTime({ seconds: Number(timestamp - now) });
  await testClient.mine({ blocks: 1 });
  context.notes.push(`advanced the fork's clock by ${timestamp - now} s (${why})`);
}

/**
 * Makes a manifest executable on the fork as it would be on the real chain once its people act: registers it as
 * a proposer and approves it as approvers if that has not happened yet (impersonated, noted), then waits out
 * `executableFrom`.
 *
 * @example
 * await ensureApproved({ clients, guard, notes }, id, manifest);
 */
export async function ensureApproved(context: Context, id: Hex, manifest: Manifest | undefined): Promise<ManifestView> {
  const config = await context.clients.publicClient.readContract({
    address: context.guard,
    abi: manifestGuardAbi,
    functionName: 'getConfig',
  });
  let state = await view(context, id);
  if (state.status === ManifestStatus.None && manifest) {
    const proposer = config.proposers[0]!;
    await guardCall(context, proposer, 'register', [manifest]);
    context.notes.push(`registered ${id} on the fork as proposer ${proposer}`);
    state = await view(context, id);
  }
  if (state.status === ManifestStatus.Registered) {
    for (const approver of config.approvers) {
      if (state.approvals >= state.requiredApprovals) break;
      const done = await context.clients.publicClient.readContract({
        address: context.guard,
        abi: manifestGuardAbi,
        functionName: 'hasApproved',
        args: [id, approver],
      });
      if (done) continue;
      await guardCall(context, approver, 'approve', [id]);
      context.notes.push(`approved ${id} on the fork as approver ${approver}`);
      state = await view(context, id);
    }
  }
  if (state.status === ManifestStatus.Approved) await advanceTo(context, state.executableFrom, `${id} executable from`);
  return view(context, id);
}

/**
 * Before the first step of a later phase: waits out the previous phase's soak and attests "continue" as an
 * approver (impersonated, noted).
 *
 * @example
 * await openPhaseGate({ clients, guard, notes }, id, manifest, 1);
 */
export async function openPhaseGate(context: Context, id: Hex, manifest: Manifest, phase: number): Promise<void> {
  if (phase === 0) return;
  const state = await view(context, id);
  if (state.status !== ManifestStatus.Approved || state.currentPhase !== phase || state.nextStep !== 0) return;
  await advanceTo(context, state.phaseCompletedAt + manifest.phases[phase - 1]!.minSoak, `soak of phase ${phase - 1}`);
  if (!state.gateOpen) {
    const config = await context.clients.publicClient.readContract({
      address: context.guard,
      abi: manifestGuardAbi,
      functionName: 'getConfig',
    });
    const approver = config.approvers[0]!;
    await guardCall(context, approver, 'attestContinue', [id, BigInt(phase), simulationMetricsHash]);
    context.notes.push(`attested "continue" for phase ${phase} on the fork as approver ${approver}`);
  }
}

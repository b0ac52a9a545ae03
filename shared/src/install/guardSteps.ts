import { type Address, getAddress, isAddressEqual, zeroAddress } from 'viem';

import { manifestGuardAbi } from '../generated/manifestGuard.js';
import { guardDeployment } from '../guard/guardDeployment.js';
import { decodeGuardError } from '../guard/guardErrors.js';
import type { GuardConfig } from '../guard/manifest.js';
import { executeAsExecutor } from '../simulate/executeAsExecutor.js';
import { safeGuardSlot, safeModuleGuardSlot } from '../verify/stateReads.js';
import { configDifferences } from './configDifferences.js';
import type { DryRunContext, StepOutcome } from './dryRunContext.js';
import { guardCall } from './dryRunManifests.js';
import { deployAs, dryRunDeployer, sendAs } from '../fork/forkActions.js';
import { hasModuleGuard, hasTransactionGuard } from '../safe/safeVersion.js';
import { readAddressSlot } from './installSafe.js';
import { guardErrorFix, stepFailure } from './stepFailure.js';

/** The canonical MultiSendCallOnly of each Safe version with guards (CREATE2 through the Safe singleton factory). */
const canonicalMultiSendCallOnly: Record<string, Address> = {
  '1.4.1': '0x9641d764fc13c8B624c04430C7356C1C7C8102e2',
  '1.5.0': '0xA83c336B20401Af773B6219BA5027174338D1836',
};

/**
 * (a) The guard deploys for this Safe with this configuration and `initialize` sets it on the fork (an `eth_call`
 * first, so a refusal names the guard's error). With a given guard: it is a Manifest Guard for this Safe and holds
 * exactly this configuration.
 */
export async function deployGuardStep(context: DryRunContext): Promise<StepOutcome> {
  const { clients } = context.endpoint;
  const { safe, config } = context;
  if (context.guard) return checkGivenGuard(context, context.guard);
  const { deployData, initializeData } = guardDeployment(safe.safe, config);
  // The deployment only commits to the configuration's hash; `initialize` is where a refusal shows.
  const { address, hash } = await deployAs(clients, dryRunDeployer, deployData);
  try {
    await clients.publicClient.call({ account: dryRunDeployer, to: address, data: initializeData });
  } catch (error) {
    const rejection = decodeGuardError(error);
    if (!rejection) throw error;
    throw stepFailure(
      `The guard refuses this configuration: ${rejection.summary}.`,
      guardErrorFix(rejection.errorName) ?? 'Change the values the error names.',
      rejection.summary,
    );
  }
  await sendAs(clients, dryRunDeployer, {
    address,
    abi: manifestGuardAbi,
    functionName: 'initialize',
    args: [config],
  });
  context.guard = address;
  context.deployedOnFork = true;
  return {
    detail: `Deployed at ${address} on the fork (the real deployment gets its own address; code and configuration are the same).`,
    txHash: hash,
  };
}

async function checkGivenGuard(context: DryRunContext, guard: Address): Promise<StepOutcome> {
  const { publicClient } = context.endpoint.clients;
  const fix = 'Dry-run the guard you will install: use its own configuration, or deploy a guard with this one.';
  const code = await publicClient.getCode({ address: guard });
  if (!code || code === '0x') {
    throw stepFailure(
      `There is no contract at ${guard} on the simulation RPC.`,
      'Pass the guard deployed for this Safe on this chain, or none to deploy one on the fork.',
    );
  }
  const read = (functionName: 'SAFE' | 'getConfig') =>
    publicClient.readContract({ address: guard, abi: manifestGuardAbi, functionName });
  const owner = (await read('SAFE').catch(() => zeroAddress)) as Address;
  if (!isAddressEqual(owner, context.safe.safe)) {
    throw stepFailure(
      `${guard} is not a Manifest Guard for ${context.safe.safe} (its SAFE() is ${owner}).`,
      'Deploy a guard for this Safe: one guard instance protects one Safe.',
    );
  }
  const differences = configDifferences(context.config, (await read('getConfig')) as GuardConfig);
  if (differences.length > 0) {
    throw stepFailure(`The guard at ${guard} holds another configuration: ${differences.join('; ')}.`, fix);
  }
  return { detail: `${guard} is a Manifest Guard for this Safe with exactly this configuration (no deployment).` };
}

/**
 * (b) The Safe installs the guard as its owners would: `threshold` owners approve the Safe transaction
 * (`approveHash`, impersonated) and one of them executes it; `setGuard` (and `setModuleGuard` on Safe 1.5.0, batched
 * through the configured MultiSendCallOnly). A guard installed now must let it through, as it would on chain. Then
 * the Safe's guard slots must hold the new guard.
 */
export async function installGuardStep(context: DryRunContext): Promise<StepOutcome> {
  const { clients } = context.endpoint;
  const { safe, config } = context;
  const guard = context.guard!;
  if (!hasTransactionGuard(safe.version)) {
    throw stepFailure(
      `Safe ${safe.version} has no transaction guards (Safe 1.3.0 added them).`,
      'Upgrade the Safe to 1.4.1 or 1.5.0 first.',
    );
  }
  const moduleGuard = hasModuleGuard(safe.version);
  const sender = safe.owners[0]!;
  const result = await executeAsExecutor({
    clients,
    safe: safe.safe,
    executor: sender,
    transaction: guardCall(safe, guard, config.multiSendCallOnly),
  });
  if (result.reverted) {
    const reason = result.guardError ?? result.error ?? 'the transaction reverted';
    if (safe.guard !== zeroAddress) {
      throw stepFailure(
        `The guard installed now (${safe.guard}) refuses the setGuard transaction: ${reason}.`,
        'Change guards through the installed guard’s own process (for a Manifest Guard: a privileged manifest whose step is setGuard of the new guard), or remove it first.',
        result.guardError ?? undefined,
      );
    }
    throw stepFailure(
      `The Safe refuses the setGuard transaction: ${reason}.`,
      'Check that the owners can execute a Safe transaction and that the guard answers ERC-165 (Safe 1.4.1 and later check it).',
    );
  }
  const installed = await readAddressSlot(clients.publicClient, safe.safe, safeGuardSlot);
  const installedModuleGuard = moduleGuard
    ? await readAddressSlot(clients.publicClient, safe.safe, safeModuleGuardSlot)
    : guard;
  if (!isAddressEqual(installed, guard) || !isAddressEqual(installedModuleGuard, guard)) {
    throw stepFailure(
      `The install transaction executed, but the Safe's guard is ${installed}` +
        `${moduleGuard ? ` and its module guard ${installedModuleGuard}` : ''}, not ${guard}.`,
      await multiSendFix(context),
    );
  }
  const what = moduleGuard
    ? `setGuard and setModuleGuard (one batch through MultiSendCallOnly ${getAddress(config.multiSendCallOnly)})`
    : 'setGuard';
  return {
    detail:
      `${what}, approved by ${safe.threshold} of ${safe.owners.length} owners (approveHash) and executed by owner ` +
      `${sender}: the Safe's ${moduleGuard ? 'guard and module guard are' : 'guard is'} now ${guard}.`,
    txHash: result.txHash ?? undefined,
  };
}

async function multiSendFix(context: DryRunContext): Promise<string> {
  const { multiSendCallOnly } = context.config;
  const code = await context.endpoint.clients.publicClient.getCode({ address: multiSendCallOnly });
  const canonical = canonicalMultiSendCallOnly[context.safe.version];
  return (
    `The batch went through multiSendCallOnly ${multiSendCallOnly}, which ${
      !code || code === '0x' ? 'has no code on this chain' : 'did not make the calls'
    }. Set multiSendCallOnly to the MultiSendCallOnly of Safe ${context.safe.version}` +
    `${canonical ? ` (${canonical})` : ''}: the guard allows no other delegatecall, so its removal needs it too.`
  );
}

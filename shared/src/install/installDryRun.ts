import { getAddress } from 'viem';

import type { DryRunContext, StepOutcome } from './dryRunContext.js';
import { DryRunRevertError } from './errors.js';
import { dryRunDeployer, fundAccounts } from '../fork/forkActions.js';
import { deployGuardStep, installGuardStep } from './guardSteps.js';
import { readInstallSafe } from './installSafe.js';
import { approveStep, executeStep, registerStep, waitStep } from './manifestSteps.js';
import { connectSimulation } from './simulationEndpoint.js';
import { describeFailure } from './stepFailure.js';
import {
  type InstallDryRunParameters,
  type InstallDryRunReport,
  type InstallDryRunStep,
  type InstallStepName,
  installStepNames,
  installStepTitles,
} from './types.js';

/** Each step's action, and what to change when it fails in a way no guard error explains. */
const steps: Record<InstallStepName, { run: (context: DryRunContext) => Promise<StepOutcome>; fix: string }> = {
  deployGuard: { run: deployGuardStep, fix: "Check the configuration: the guard's constructor names what it refuses." },
  installGuard: { run: installGuardStep, fix: "Check the Safe's owners, version and installed guard." },
  registerRoutine: { run: (c) => registerStep(c, 'routine'), fix: 'Check the proposers: the first one registers.' },
  approveRoutine: { run: (c) => approveStep(c, 'routine'), fix: 'Check the approvers and the routine threshold.' },
  waitRoutineDelay: { run: (c) => waitStep(c, 'routine'), fix: 'Check the routine delay.' },
  executeRoutine: { run: (c) => executeStep(c, 'routine'), fix: 'Check the executors: the first one executes.' },
  registerRemoval: { run: (c) => registerStep(c, 'removal'), fix: 'Check the proposers: the first one registers.' },
  approveRemoval: { run: (c) => approveStep(c, 'removal'), fix: 'Check the approvers and the privileged threshold.' },
  waitPrivilegedDelay: { run: (c) => waitStep(c, 'removal'), fix: 'Check the privileged delay.' },
  executeRemoval: {
    run: (c) => executeStep(c, 'removal'),
    fix: "Check the executors and multiSendCallOnly (Safe 1.5.0's removal batch goes through it).",
  },
};

/**
 * Proves, on an Anvil fork (or the local desk chain) and before the guard is attached, that `config` can install
 * the guard on `safe` and get it off again: (a) the guard deploys for this Safe with this configuration (or the
 * given `guard` holds it); (b) the Safe installs it as its owners would (`approveHash` by `threshold` owners, then
 * `execTransaction`: setGuard, and setModuleGuard on Safe 1.5.0); (c) the first proposer registers a harmless
 * routine manifest; (d) approvers reach the routine threshold; (e) the clock passes the routine delay; (f) the first
 * executor executes its step through the Safe and the guard passes it; (g) the privileged manifest whose step
 * removes the guard registers, reaches the privileged threshold, waits the privileged delay and executes, leaving
 * the Safe unguarded. Accounts are impersonated and funded on the endpoint; everything is reverted afterwards
 * (`evm_snapshot` / `evm_revert`). A failed step carries the guard's decoded error and what to change; the steps
 * after it are reported as not run.
 *
 * @throws {SimulationRpcUnreachableError} / {NotAnAnvilEndpointError} / {SimulationWrongChainError} for an
 * endpoint that cannot run it; {DryRunSafeNotFoundError} when no Safe answers at `safe`.
 *
 * @example
 * const report = await installDryRun({ rpcUrl: 'http://127.0.0.1:8545', safe, config, onProgress: console.log });
 * report.ok; // true: the configured roles can register, approve and execute, and remove the guard again
 */
export async function installDryRun(parameters: InstallDryRunParameters): Promise<InstallDryRunReport> {
  const endpoint = await connectSimulation(parameters.rpcUrl, parameters.chainId);
  const { publicClient, testClient } = endpoint.clients;
  const safe = await readInstallSafe(publicClient, getAddress(parameters.safe), endpoint);
  const blockNumber = await publicClient.getBlockNumber();
  const context: DryRunContext = {
    endpoint,
    safe,
    config: parameters.config,
    guard: parameters.guard ? getAddress(parameters.guard) : undefined,
    deployedOnFork: false,
    routine: undefined,
    removal: undefined,
  };
  const results: InstallDryRunStep[] = [];
  const snapshot = await testClient.snapshot();
  try {
    const { config } = parameters;
    await fundAccounts(endpoint.clients, [
      dryRunDeployer,
      ...safe.owners.slice(0, safe.threshold),
      ...config.proposers.slice(0, 1),
      ...config.approvers,
      ...config.executors.slice(0, 1),
    ]);
    for (const [index, name] of installStepNames.entries()) {
      const title = installStepTitles[name];
      if (results.some((step) => !step.ok)) {
        const step = { name, title, ok: false, skipped: true, detail: 'Not run: an earlier step failed.' };
        results.push(step);
        parameters.onProgress?.({ status: 'done', name, title, index, step });
        continue;
      }
      parameters.onProgress?.({ status: 'running', name, title, index });
      const step = await runStep(context, name);
      results.push(step);
      parameters.onProgress?.({ status: 'done', name, title, index, step });
    }
  } finally {
    await testClient.revert({ id: snapshot }).catch((error: unknown) => {
      throw new DryRunRevertError(endpoint.rpcUrl, error);
    });
  }
  return {
    ok: results.every((step) => step.ok),
    safe: safe.safe,
    safeVersion: safe.version,
    guard: context.guard ?? null,
    deployedOnFork: context.deployedOnFork,
    steps: results,
    fork: { rpcUrl: endpoint.rpcUrl, chainId: endpoint.chainId, blockNumber: Number(blockNumber) },
  };
}

async function runStep(context: DryRunContext, name: InstallStepName): Promise<InstallDryRunStep> {
  const title = installStepTitles[name];
  try {
    const outcome = await steps[name].run(context);
    return { name, title, ok: true, detail: outcome.detail, ...(outcome.txHash ? { txHash: outcome.txHash } : {}) };
  } catch (caught) {
    const error = describeFailure(caught, steps[name].fix);
    return { name, title, ok: false, detail: error.message, error };
  }
}

import { type Address, type PublicClient, isAddressEqual } from 'viem';

import {
  decodeGuardError,
  type GuardConfig,
  guardDeployment,
  guardHint,
  hasModuleGuard,
  hasTransactionGuard,
} from '../../../shared/src/index.js';
import type { SafeState } from '../safe/connection.js';
import { appHintContext } from '../guard/hintContext.js';

/** A configuration that could lock the Safe (or that the guard refuses), with what to change. */
export type PreflightIssue = { rule: string; message: string };

/**
 * The checks that keep a new guard from locking the Safe: every role present, roles not collapsed, the
 * approval thresholds reachable, no module path around the guard, a Safe version with guards, and finally the
 * guard's own constructor run on the node (`eth_call` of the deployment), whose error is decoded with its ABI.
 *
 * @example
 * const issues = await preflight({ client, safe: state, config });
 */
export async function preflight(args: {
  client: PublicClient;
  safe: SafeState;
  config: GuardConfig;
}): Promise<PreflightIssue[]> {
  const issues = localIssues(args.safe, args.config);
  if (issues.length > 0) return issues;
  try {
    await args.client.call({ data: deployData(args.safe.safe, args.config) });
  } catch (error) {
    const rejection = decodeGuardError(error);
    issues.push({
      rule: rejection ? `guard:${rejection.errorName}` : 'deploymentFails',
      message: rejection
        ? `The guard refuses this configuration: ${guardHint(rejection, appHintContext).sentence} Change the values it names.`
        : `Deploying the guard with this configuration fails on the node: ${(error as Error).message.split('\n')[0]}`,
    });
  }
  return issues;
}

/** The creation code of a guard for `safe` committed to `config` (set afterwards by `initialize`). */
export const deployData = (safe: Address, config: GuardConfig) => guardDeployment(safe, config).deployData;

/** The checks that need no chain. */
export function localIssues(safe: SafeState, config: GuardConfig): PreflightIssue[] {
  const issues: PreflightIssue[] = [];
  const add = (rule: string, message: string) => issues.push({ rule, message });
  if (!hasTransactionGuard(safe.version)) {
    add('safeTooOld', `Safe ${safe.version} has no transaction guards (1.3.0 added them). Upgrade the Safe first.`);
  }
  if (safe.modules.length > 0 && !hasModuleGuard(safe.version)) {
    add(
      'modulesBypassGuard',
      `The Safe has ${safe.modules.length} module(s) and is ${safe.version}: modules skip the guard before 1.5.0. Remove the modules or upgrade the Safe to 1.5.0 first.`,
    );
  }
  if (config.proposers.length === 0)
    add(
      'noProposer',
      'Name at least one proposer: without one no manifest, not even the one that changes the guard, can be registered.',
    );
  if (config.executors.length === 0)
    add('noExecutor', 'Name at least one executor: without one no Safe transaction can ever execute again.');
  if (config.approvers.length === 0) add('noApprover', 'Name the approvers: manifests need their approvals.');
  if (config.routineThreshold === 0 || config.privilegedThreshold === 0) {
    add('zeroThreshold', 'Approval thresholds must be at least 1.');
  }
  if (config.routineThreshold > config.privilegedThreshold) {
    add(
      'thresholdOrder',
      `The routine threshold (${config.routineThreshold}) is above the privileged one (${config.privilegedThreshold}): privileged changes need at least as many approvals.`,
    );
  }
  if (config.privilegedThreshold > config.approvers.length) {
    add(
      'thresholdUnreachable',
      `The privileged threshold ${config.privilegedThreshold} is above the ${config.approvers.length} approver(s): no privileged manifest (the only way to change or remove the guard) could ever be approved. Add approvers or lower the threshold.`,
    );
  }
  const roles: [string, readonly Address[]][] = [
    ['proposer', config.proposers],
    ['approver', config.approvers],
    ['executor', config.executors],
    ['guardian', config.guardians],
  ];
  const collide = (a: string, b: string) =>
    (a === 'guardian' && b === 'approver') || (a === 'approver' && b === 'guardian');
  for (let i = 0; i < roles.length; i++) {
    for (let j = i + 1; j < roles.length; j++) {
      const [nameA, membersA] = roles[i]!;
      const [nameB, membersB] = roles[j]!;
      if (collide(nameA, nameB)) continue;
      for (const member of membersA.filter((m) => membersB.some((n) => isAddressEqual(m, n)))) {
        add('collapsedRoles', `${member} is both ${nameA} and ${nameB}: roles must be held by different accounts.`);
      }
    }
  }
  for (const [name, members] of roles) {
    if (members.some((member) => isAddressEqual(member, safe.safe))) {
      add('safeAsRole', `The Safe itself cannot be a ${name}: name the people’s accounts.`);
    }
  }
  return issues;
}

import { isAddressEqual } from 'viem';

import type { ReleasePackage } from '../package/schema.js';
import type { Policy, PolicyRule } from './schema.js';
import { transparentUpgrades } from './transparentUpgrades.js';

/** A value a finding carries: JSON-serialisable (big numbers as decimal strings). */
export type PolicyValue = string | number | boolean | null | string[];

/** One unmet policy rule with the values that broke it. */
export type PolicyFinding = { rule: PolicyRule; message: string; values: { [name: string]: PolicyValue } };

export type EvaluatePolicyContext = {
  /** The lane the guard computes for the manifest (`classifyLane` or `getManifest(id).lane`). */
  lane: 'routine' | 'privileged';
  /**
   * The evidence packet. The storage-layout reports are read from `simulation.storageLayout`
   * (`[{ proxy, implementation, ok }]`), the rollback rehearsal from `simulation.rollbackRehearsal`
   * (`{ restored: true }`, what `rehearseRollback` reports).
   */
  evidence?: unknown;
};
export type EvaluatePolicyReturnType = PolicyFinding[];

/**
 * The rules of a team policy that a release package does not meet, each with its values; empty when it meets them
 * all. The gate answers `hold` while this list is not empty.
 *
 * @example
 * const unmet = evaluatePolicy(policy, pkg, { lane: 'privileged', evidence });
 * // [{ rule: 'privilegedMinPhases', message: 'a privileged release has 1 phase; the policy asks for at least 2', values: { phases: 1, min: 2 } }]
 */
export function evaluatePolicy(
  policy: Policy,
  pkg: ReleasePackage,
  context: EvaluatePolicyContext,
): EvaluatePolicyReturnType {
  const findings: PolicyFinding[] = [];
  const add = (rule: PolicyRule, message: string, values: PolicyFinding['values']) =>
    findings.push({ rule, message, values });

  if (policy.privilegedMinPhases !== undefined && context.lane === 'privileged') {
    if (pkg.phases.length < policy.privilegedMinPhases) {
      add(
        'privilegedMinPhases',
        `a privileged release has ${pkg.phases.length} phase(s); the policy asks for at least ` +
          `${policy.privilegedMinPhases}. Split it into canary phases.`,
        { phases: pkg.phases.length, min: policy.privilegedMinPhases },
      );
    }
  }

  if (policy.maxWindowSeconds !== undefined) {
    const window = pkg.expiry - pkg.notBefore;
    if (window > BigInt(policy.maxWindowSeconds)) {
      add(
        'maxWindowSeconds',
        `the window is ${window} s, longer than the policy's ${policy.maxWindowSeconds} s. Shorten it.`,
        { window: window.toString(), max: policy.maxWindowSeconds },
      );
    }
  }

  const minSoak = policy.minSoakSeconds;
  if (minSoak !== undefined) {
    pkg.phases.slice(0, -1).forEach((phase, index) => {
      if (phase.minSoak < BigInt(minSoak)) {
        add(
          'minSoakSeconds',
          `phase ${index} soaks ${phase.minSoak} s before the next one; the policy asks for at least ` +
            `${minSoak} s.`,
          { phase: index, minSoak: phase.minSoak.toString(), min: minSoak },
        );
      }
    });
  }

  const simulation = record(record(context.evidence)?.simulation);
  if (policy.transparentUpgradesNeedStorageLayoutCheck) {
    const reports = Array.isArray(simulation?.storageLayout) ? simulation.storageLayout.map(record) : [];
    for (const upgrade of transparentUpgrades(pkg.phases)) {
      const report = reports.find(
        (entry) =>
          typeof entry?.implementation === 'string' &&
          isAddressEqualSafe(entry.implementation, upgrade.implementation) &&
          (typeof entry.proxy !== 'string' || isAddressEqualSafe(entry.proxy, upgrade.proxy)),
      );
      const where = `step ${upgrade.step} of phase ${upgrade.phase} upgrades ${upgrade.proxy} to ${upgrade.implementation}`;
      const values = {
        phase: upgrade.phase,
        step: upgrade.step,
        proxy: upgrade.proxy,
        implementation: upgrade.implementation,
      };
      if (!report) {
        add(
          'transparentUpgradesNeedStorageLayoutCheck',
          `${where} without a storage-layout report. Add one to evidence.simulation.storageLayout.`,
          values,
        );
      } else if (report.ok !== true) {
        add(
          'transparentUpgradesNeedStorageLayoutCheck',
          `${where} but its storage-layout report does not pass (ok is not true). Fix the layout.`,
          values,
        );
      }
    }
  }

  if (policy.requireRollbackRehearsal) {
    const rehearsal = record(simulation?.rollbackRehearsal);
    if (!rehearsal) {
      add(
        'requireRollbackRehearsal',
        'the evidence has no rollback rehearsal. Run rehearseRollback and put its report in ' +
          'evidence.simulation.rollbackRehearsal.',
        { rehearsed: false },
      );
    } else if (rehearsal.restored !== true) {
      add(
        'requireRollbackRehearsal',
        'the rollback rehearsal did not bring the state back (restored is not true). Fix the rollback.',
        { rehearsed: true, restored: false },
      );
    }
  }
  return findings;
}

function record(value: unknown): { [key: string]: unknown } | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as { [key: string]: unknown })
    : undefined;
}

function isAddressEqualSafe(a: string, b: string): boolean {
  try {
    return isAddressEqual(a as `0x${string}`, b as `0x${string}`);
  } catch {
    return false;
  }
}

import { type StorageLayout, getStorageUpgradeReport, withValidationDefaults } from '@openzeppelin/upgrades-core';
import type { Address } from 'viem';

import { type StorageLayoutReport, upgradesCoreLines } from '../../policy/storageLayoutReport.js';

export type CompareOzLayoutsParameters = {
  /** The layout of the implementation the proxy runs now, from the network file. */
  current: StorageLayout;
  /** The layout of the new implementation, from the network file. */
  next: StorageLayout;
  proxy: Address;
  implementation: Address;
};
export type CompareOzLayoutsReturnType = StorageLayoutReport;

/**
 * Compares two storage layouts of a network file of OpenZeppelin's Upgrades plugins as the plugins do before an
 * upgrade (upgrades-core's `getStorageUpgradeReport` with the plugins' default options, ERC-7201 namespaces included),
 * and says the verdict in the shape the policy reads from `evidence.simulation.storageLayout`: one line per problem,
 * upgrades-core's own explanation (`contracts/Box.sol:50: Inserted \`fee\` > New variables should be placed after all
 * existing inherited variables`).
 *
 * @example
 * const report = compareOzLayouts({ current: v1.layout, next: v2.layout, proxy, implementation: v2.address });
 * // { proxy, implementation, ok: true, errors: [] }
 */
export function compareOzLayouts({
  current,
  next,
  proxy,
  implementation,
}: CompareOzLayoutsParameters): CompareOzLayoutsReturnType {
  let errors: string[];
  try {
    const report = getStorageUpgradeReport(current, next, withValidationDefaults({}));
    errors = report.ok ? [] : upgradesCoreLines(report.explain(false));
  } catch (error) {
    errors = [`The storage layouts could not be compared: ${error instanceof Error ? error.message : String(error)}`];
  }
  return { proxy, implementation, ok: errors.length === 0, errors };
}

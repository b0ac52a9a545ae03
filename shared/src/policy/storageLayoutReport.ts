import {
  type StorageLayout as UpgradesStorageLayout,
  type TypeItem,
  getStorageUpgradeReport,
  withValidationDefaults,
} from '@openzeppelin/upgrades-core';
import type { Address } from 'viem';

/** A variable (or struct member) of a solc `storageLayout`. */
export type StorageLayoutEntry = {
  label: string;
  slot: string;
  offset: number;
  type: string;
  /** solc's `path:Name` of the contract; forge always writes it. */
  contract?: string;
  astId?: number;
};

/** A type of a solc `storageLayout`; fields solc writes beyond these (`key`, `value`, `base`) are ignored. */
export type StorageLayoutType = {
  label: string;
  numberOfBytes?: string;
  encoding?: string;
  /**
   * A struct's members, as solc writes them. solc writes none for enums: add the enum's values in order
   * (`['Open', 'Closed']`) to both layouts to have an enum compared, see `storageLayoutReport`.
   */
  members?: StorageLayoutEntry[] | string[];
};

/** A solc `storageLayout` (forge: `forge build --extra-output storageLayout`, in each artifact's `storageLayout`). */
export type StorageLayout = {
  storage: StorageLayoutEntry[];
  types?: { [id: string]: StorageLayoutType } | null;
};

/** The report `transparentUpgradesNeedStorageLayoutCheck` reads from `evidence.simulation.storageLayout`. */
export type StorageLayoutReport = {
  proxy?: Address;
  implementation: Address;
  ok: boolean;
  /** Every incompatibility, one line each (empty when `ok`). */
  errors: string[];
};

export type StorageLayoutReportParameters = {
  /** The layout of the implementation the proxy runs now. */
  current: StorageLayout;
  /** The layout of the new implementation. */
  next: StorageLayout;
  implementation: Address;
  proxy?: Address;
};

/** upgrades-core's advice for enums without members names an option of its own plugins, not of this report. */
const enumAdvice = 'Manually assess compatibility, then use option `unsafeAllowCustomTypes: true`';
const enumHint =
  "> solc's storageLayout lists no enum values: add them in order as the enum type's `members` in both layouts";

/**
 * Checks that a new implementation's storage layout is upgrade-safe after the current one, with OpenZeppelin's
 * `@openzeppelin/upgrades-core` (`getStorageUpgradeReport`, the check behind the OpenZeppelin Upgrades plugins), on
 * the solc `storageLayout` of two forge build artifacts. What it accepts and rejects is upgrades-core's verdict:
 * variables may be appended, fill unused bytes, or consume a `__gap` array that shrinks by as much; inserted, removed,
 * retyped (structs member by member) and renamed variables are reported. solc's layout carries no NatSpec, so
 * `@custom:oz-renamed-from` / `@custom:oz-retyped-from` annotations are not seen, and no enum values (see
 * `StorageLayoutType.members`). ERC-7201 namespaced storage is not in solc's layout: only the linear layout is
 * compared.
 *
 * @example
 * const report = storageLayoutReport({ current: v1.storageLayout, next: v2.storageLayout, implementation: v2Address, proxy });
 * // { implementation, proxy, ok: true, errors: [] } — put it in evidence.simulation.storageLayout
 * // not ok: errors like ['src/Box.sol:Box: Inserted `treasury` > New variables should be placed after all existing inherited variables']
 */
export function storageLayoutReport({
  current,
  next,
  implementation,
  proxy,
}: StorageLayoutReportParameters): StorageLayoutReport {
  let errors = [...unknownTypes(current, 'current'), ...unknownTypes(next, 'next')];
  if (errors.length === 0) {
    errors = compare(current, next);
  }
  return { ...(proxy ? { proxy } : {}), implementation, ok: errors.length === 0, errors };
}

function compare(current: StorageLayout, next: StorageLayout): string[] {
  try {
    const report = getStorageUpgradeReport(
      toUpgradesLayout(current, 'current'),
      toUpgradesLayout(next, 'next'),
      withValidationDefaults({}),
    );
    return report.ok ? [] : explanationLines(report.explain(false));
  } catch (error) {
    return [`The storage layouts could not be compared: ${error instanceof Error ? error.message : String(error)}`];
  }
}

/**
 * solc lists every type its variables and struct members use; without a type's size upgrades-core would let a
 * variable pass unchecked, so a layout that lacks one is reported instead.
 */
function unknownTypes(layout: StorageLayout, name: string): string[] {
  const types = layout.types ?? {};
  const entries = [
    ...layout.storage,
    ...Object.values(types).flatMap((type) => (type.members && !isEnumValues(type.members) ? type.members : [])),
  ];
  return entries
    .filter((entry) => !Object.hasOwn(types, entry.type))
    .map(
      (entry) =>
        `The ${name} layout has no type ${entry.type} (of \`${entry.label}\`): pass the storageLayout forge writes ` +
        '(forge build --extra-output storageLayout) unchanged.',
    );
}

/** solc's layout in upgrades-core's shape, field for field (`src` is the contract: solc gives no source position). */
function toUpgradesLayout(layout: StorageLayout, name: string): UpgradesStorageLayout {
  const types: { [id: string]: TypeItem } = {};
  for (const [id, type] of Object.entries(layout.types ?? {})) {
    types[id] = {
      label: type.label,
      ...(type.numberOfBytes !== undefined ? { numberOfBytes: type.numberOfBytes } : {}),
      ...(type.members !== undefined
        ? {
            members: isEnumValues(type.members)
              ? type.members
              : type.members.map((member) => ({
                  label: member.label,
                  type: member.type,
                  offset: member.offset,
                  slot: member.slot,
                })),
          }
        : {}),
    };
  }
  return {
    storage: layout.storage.map(({ contract = name, label, type, offset, slot }) => ({
      contract,
      label,
      type,
      src: contract,
      offset,
      slot,
    })),
    types,
  };
}

function isEnumValues(members: StorageLayoutEntry[] | string[]): members is string[] {
  return members.every((member) => typeof member === 'string');
}

function explanationLines(explanation: string): string[] {
  return upgradesCoreLines(explanation).map((line) => line.replace(enumAdvice, enumHint));
}

/**
 * upgrades-core explains each problem as a block whose later lines are indented: one line per block.
 *
 * @example
 * upgradesCoreLines(report.explain()); // ['contracts/Box.sol:50: Inserted `fee` > New variables should be …']
 */
export function upgradesCoreLines(explanation: string): string[] {
  const lines: string[] = [];
  for (const line of explanation.split('\n')) {
    if (line.trim() === '') continue;
    if (/^\s/.test(line) && lines.length > 0) lines[lines.length - 1] += ` ${line.trim()}`;
    else lines.push(line.trim());
  }
  return lines;
}

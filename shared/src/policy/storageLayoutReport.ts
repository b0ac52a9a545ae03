import type { Address } from 'viem';

/** A solc `storageLayout` (forge: `forge build --extra-output storageLayout`, in each artifact's `storageLayout`). */
export type StorageLayout = {
  storage: { label: string; slot: string; offset: number; type: string; contract?: string }[];
  types?: { [id: string]: { label: string; numberOfBytes?: string; encoding?: string } } | null;
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

/**
 * Compares two storage layouts from forge build artifacts and reports whether the new one keeps every existing
 * variable in place: same slot, offset and type (new variables may only be appended after them; renames are
 * reported, since they usually mean a different meaning). ERC-7201 namespaced storage lives outside these lists
 * and is not compared.
 *
 * @example
 * const report = storageLayoutReport({ current: v1.storageLayout, next: v2.storageLayout, implementation: v2Address, proxy });
 * // { implementation, proxy, ok: true, errors: [] } — put it in evidence.simulation.storageLayout
 */
export function storageLayoutReport({
  current,
  next,
  implementation,
  proxy,
}: StorageLayoutReportParameters): StorageLayoutReport {
  const errors: string[] = [];
  const typeOf = (layout: StorageLayout, id: string) => layout.types?.[id]?.label ?? id;
  const position = (entry: { slot: string; offset: number }) => `slot ${entry.slot} offset ${entry.offset}`;
  for (const old of current.storage) {
    const same = next.storage.find((entry) => entry.slot === old.slot && entry.offset === old.offset);
    if (!same) {
      const moved = next.storage.find((entry) => entry.label === old.label);
      errors.push(
        moved
          ? `${old.label} moved from ${position(old)} to ${position(moved)}.`
          : `${old.label} (${position(old)}) was removed: the new implementation would read its old value as something else.`,
      );
      continue;
    }
    const oldType = typeOf(current, old.type);
    const newType = typeOf(next, same.type);
    if (oldType !== newType)
      errors.push(`${old.label} at ${position(old)} changed type from ${oldType} to ${newType}.`);
    if (same.label !== old.label) errors.push(`${position(old)} was renamed from ${old.label} to ${same.label}.`);
  }
  const lastOld = Math.max(-1, ...current.storage.map((entry) => Number(entry.slot)));
  for (const entry of next.storage) {
    const existed = current.storage.some((old) => old.slot === entry.slot && old.offset === entry.offset);
    if (!existed && Number(entry.slot) <= lastOld) {
      errors.push(`${entry.label} was inserted at ${position(entry)}, among existing variables: append it instead.`);
    }
  }
  return { ...(proxy ? { proxy } : {}), implementation, ok: errors.length === 0, errors };
}

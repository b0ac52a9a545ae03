/**
 * Compares two `major.minor.patch` versions numerically (never as strings: '1.10.0' > '1.3.0').
 *
 * @example
 * compareVersions('1.4.1', '1.5.0'); // -1
 */
export function compareVersions(a: string, b: string): number {
  const parse = (version: string) =>
    version
      .split(/[.+-]/)
      .slice(0, 3)
      .map((part) => Number.parseInt(part, 10) || 0);
  const [x, y] = [parse(a), parse(b)];
  for (let index = 0; index < 3; index++) {
    const difference = (x[index] ?? 0) - (y[index] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

/** On Safe < 1.5.0 module transactions skip the transaction guard; 1.5.0 adds the module guard. */
export const hasModuleGuard = (version: string): boolean => compareVersions(version, '1.5.0') >= 0;

/** Safe 1.3.0 added transaction guards; older Safes cannot be guarded. */
export const hasTransactionGuard = (version: string): boolean => compareVersions(version, '1.3.0') >= 0;

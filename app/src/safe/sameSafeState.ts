import type { SafeState } from './connection.js';

/**
 * Whether two reads of a Safe answer the same (nonce, threshold, owners, version, guards, modules), so a re-read on a
 * new block that changed nothing does not re-render every screen.
 *
 * @example
 * if (!sameSafeState(connection.state, next.state)) setState({ status: 'ready', connection: next });
 */
export function sameSafeState(a: SafeState, b: SafeState): boolean {
  return (
    a.safe === b.safe &&
    a.chainId === b.chainId &&
    a.nonce === b.nonce &&
    a.threshold === b.threshold &&
    a.version === b.version &&
    a.guard === b.guard &&
    a.moduleGuard === b.moduleGuard &&
    a.owners.join() === b.owners.join() &&
    a.modules.join() === b.modules.join()
  );
}

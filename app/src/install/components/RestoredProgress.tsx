/**
 * What Install found in this browser for this Safe: the progress restored (the configuration, the guard deployed, the
 * setGuard proposal), an entry discarded because it could not be read, a saved guard dropped because the chain no
 * longer knows it as this Safe's.
 */
export function RestoredProgress({
  restored,
  discarded,
  dropped,
}: {
  restored: { guard: boolean; proposal: boolean } | undefined;
  discarded: string | undefined;
  dropped: string | undefined;
}) {
  return (
    <>
      {discarded && (
        <div className="notice notice-warning" role="status" data-testid="install-discarded">
          {discarded}
        </div>
      )}
      {dropped && (
        <div className="notice notice-warning" role="status" data-testid="install-guard-dropped">
          {dropped}
        </div>
      )}
      {restored && (
        <div className="notice" role="status" data-testid="install-restored">
          Restored from this browser: the configuration as it was left
          {restored.guard && !dropped ? ', the guard deployed for this Safe (checked on chain)' : ''}
          {restored.proposal ? ', the setGuard proposal (read again from the Safe’s queue)' : ''}. The preflight runs
          again; the dry run must be run again to propose setGuard.
        </div>
      )}
    </>
  );
}

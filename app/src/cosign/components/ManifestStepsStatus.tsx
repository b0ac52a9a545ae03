import type { Manifest } from '../../../../shared/src/index.js';
import { ErrorNotice } from '../../ui/ErrorNotice.js';
import { Progress } from '../../ui/Progress.js';
import type { AsyncState } from '../../ui/useAsync.js';

/**
 * Reading the manifest's steps: under way, failed, or not readable from the registration transaction (then the
 * release package JSON it was registered from is asked for).
 */
export function ManifestStepsStatus({
  full,
  packageJson,
  onPackageJson,
  onApply,
}: {
  full: AsyncState<Manifest | undefined>;
  packageJson: string;
  onPackageJson: (text: string) => void;
  onApply: () => void;
}) {
  return (
    <>
      {full.status === 'loading' && <Progress message="Reading the manifest’s steps…" />}
      {full.status === 'error' && <ErrorNotice error={full.error} testId="package-error" />}
      {full.status === 'done' && !full.value && (
        <div className="card" data-testid="need-package">
          <p>
            The steps’ calldata is not readable from the registration transaction (registered through a contract?).
            Paste the release package JSON it was registered from.
          </p>
          <textarea value={packageJson} onChange={(e) => onPackageJson(e.target.value)} data-testid="package-input" />
          <button type="button" onClick={onApply} data-testid="package-apply">
            Load package
          </button>
        </div>
      )}
    </>
  );
}

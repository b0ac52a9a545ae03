import type { Address } from 'viem';

import { explain } from '../../guard/explain.js';
import type { GuardOverview, ManifestEntry } from '../../guard/readGuard.js';
import type { SafeCall } from '../../safe/connection.js';
import { useConnection } from '../../safe/useSafeAppsSdk.js';
import { useAsync } from '../../ui/useAsync.js';

/**
 * The guard's verdict (`explain`) on the next step sent by `executor`, asked again whenever the guard's cursor, the
 * executor or the clock moves; `undefined` while there is no next step to ask about.
 */
export function useNextStepVerdict({
  overview,
  entry,
  executor,
  nextCall,
}: {
  overview: GuardOverview;
  entry: ManifestEntry;
  executor: string;
  nextCall: SafeCall | undefined;
}) {
  const connection = useConnection();
  const manifestState = entry.state;
  return useAsync(
    () =>
      nextCall && executor
        ? explain(connection.client, overview.guard, nextCall, executor as Address)
        : Promise.resolve(undefined),
    [
      entry.id,
      manifestState.nextStep,
      manifestState.nextPhase,
      manifestState.reason,
      executor,
      nextCall?.data,
      overview.now,
    ],
  );
}

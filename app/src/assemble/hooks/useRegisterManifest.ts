import type { Address, Hex } from 'viem';

import type { Manifest } from '../../../../shared/src/index.js';
import { walletWrite } from '../../cosign/guardWrite.js';
import { useConnection } from '../../safe/useSafeAppsSdk.js';
import { useAction } from '../../ui/useAsync.js';

/**
 * Registers the manifest with the guard from the connected wallet (a proposer), then reads the Safe again; `action`
 * holds its progress, error and outcome.
 *
 * @example
 * const { action, register } = useRegisterManifest(overview.guard, manifest, analysis.id);
 */
export function useRegisterManifest(guard: Address, manifest: Manifest, id: Hex) {
  const connection = useConnection();
  const action = useAction();
  const register = () =>
    action.run(
      'Registering the manifest…',
      async () => {
        await walletWrite(
          connection,
          { address: guard, functionName: 'register', args: [manifest] },
          'register the manifest',
        );
        await connection.refresh();
      },
      `Registered as ${id}. Approvers approve it next.`,
    );
  return { action, register };
}

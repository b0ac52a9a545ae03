import { type Address, getAddress } from 'viem';

import { manifestGuardAbi, manifestGuardBytecode } from '../../../../shared/src/generated/manifestGuard.js';
import { guardConfigHash } from '../../../../shared/src/index.js';
import { SignerRequiredError } from '../../safe/errors.js';
import { useConnection } from '../../safe/useSafeAppsSdk.js';
import type { Action } from '../../ui/useAsync.js';
import type { PreflightResult } from './useInstallPreflight.js';

/**
 * Step 3 of Install: deploys the guard from the connected wallet for the configuration the preflight passed, then
 * `initialize(config)` with it; `onDeployed` gets the new guard's address.
 *
 * @throws {SignerRequiredError} (through `action`) without a wallet.
 */
export function useDeployGuard(
  checked: PreflightResult | undefined,
  action: Action,
  onDeployed: (guard: Address) => void,
) {
  const connection = useConnection();
  const { state } = connection;
  return () =>
    action.run(
      'Deploying the guard…',
      async (step) => {
        if (!checked || checked.issues.length > 0) return;
        const wallet = connection.wallet;
        if (!wallet) throw new SignerRequiredError('deploy the guard');
        const hash = await wallet.client.deployContract({
          abi: manifestGuardAbi,
          bytecode: manifestGuardBytecode,
          args: [state.safe, guardConfigHash(checked.config)],
          account: wallet.account,
          chain: connection.chain,
        });
        step(`Waiting for the deployment ${hash}…`);
        const receipt = await connection.client.waitForTransactionReceipt({ hash });
        if (!receipt.contractAddress)
          throw new Error(`The deployment ${hash} created no contract. Check the transaction.`);
        // The deployment commits to the configuration's hash; this call sets exactly that configuration.
        const initialize = await wallet.client.writeContract({
          address: receipt.contractAddress,
          abi: manifestGuardAbi,
          functionName: 'initialize',
          args: [checked.config],
          account: wallet.account,
          chain: connection.chain,
        });
        step(`Waiting for initialize(config) ${initialize}…`);
        await connection.client.waitForTransactionReceipt({ hash: initialize });
        onDeployed(getAddress(receipt.contractAddress));
      },
      'Guard deployed. Next: the setGuard transaction.',
    );
}

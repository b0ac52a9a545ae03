import { isAnvilEndpoint } from '../../../shared/src/index.js';
import type { SafeConnection } from '../safe/connection.js';
import { localChainId } from '../safe/devAccounts.js';

/**
 * The simulation RPC the dry run starts with: the connected RPC itself when the app is standalone on the local
 * chain (31337) and that node is Anvil (it answers `anvil_nodeInfo`), where the dry run runs on the chain and
 * reverts it; otherwise none (the admin starts a fork: `npx anvil --fork-url <RPC>`).
 *
 * @example
 * await defaultSimulationRpc(connection); // 'http://127.0.0.1:8545' with `npm start`, undefined in Safe{Wallet}
 */
export async function defaultSimulationRpc(connection: Pick<SafeConnection, 'chain'>): Promise<string | undefined> {
  if (connection.chain.id !== localChainId) return undefined;
  const url = connection.chain.rpcUrls.default.http[0];
  if (!url) return undefined;
  return (await isAnvilEndpoint(url)) ? url : undefined;
}

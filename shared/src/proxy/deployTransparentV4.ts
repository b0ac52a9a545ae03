import { createRequire } from 'node:module';
import { type Abi, type Address, type Hex, getAddress } from 'viem';

import type { ChainClients } from '../fork/chainClients.js';

const require = createRequire(import.meta.url);
const artifact = (name: string) =>
  require(`@openzeppelin/contracts-v4/build/contracts/${name}.json`) as { abi: Abi; bytecode: Hex };

/** The OpenZeppelin 4.9 ProxyAdmin and TransparentUpgradeableProxy, from the installed package's build. */
export const openZeppelinV4 = {
  proxyAdmin: artifact('ProxyAdmin'),
  transparentUpgradeableProxy: artifact('TransparentUpgradeableProxy'),
} as const;

export type DeployTransparentV4Parameters = {
  clients: ChainClients;
  implementation: Address;
  /** Initializer calldata run through the proxy (may be empty in v4). */
  data?: Hex;
  /** Who owns the new ProxyAdmin (default: the deploying account). */
  owner?: Address;
};
export type DeployTransparentV4ReturnType = { proxy: Address; proxyAdmin: Address };

/**
 * Deploys an OpenZeppelin v4 ProxyAdmin and a TransparentUpgradeableProxy it administers (for local chains and
 * tests: the v4 pattern the desk does not deploy), and hands the ProxyAdmin to `owner`.
 *
 * @example
 * const { proxy, proxyAdmin } = await deployTransparentV4({ clients, implementation: poolV1, owner: safe });
 */
export async function deployTransparentV4(
  parameters: DeployTransparentV4Parameters,
): Promise<DeployTransparentV4ReturnType> {
  const { clients } = parameters;
  const account = clients.walletClient.account!;
  const deploy = async (abi: Abi, bytecode: Hex, args: readonly unknown[]) => {
    const hash = await clients.walletClient.deployContract({ abi, bytecode, args, account, chain: clients.chain });
    const receipt = await clients.publicClient.waitForTransactionReceipt({ hash });
    return getAddress(receipt.contractAddress!);
  };
  const proxyAdmin = await deploy(openZeppelinV4.proxyAdmin.abi, openZeppelinV4.proxyAdmin.bytecode, []);
  const proxy = await deploy(
    openZeppelinV4.transparentUpgradeableProxy.abi,
    openZeppelinV4.transparentUpgradeableProxy.bytecode,
    [parameters.implementation, proxyAdmin, parameters.data ?? '0x'],
  );
  if (parameters.owner && getAddress(parameters.owner) !== getAddress(account.address)) {
    const hash = await clients.walletClient.writeContract({
      address: proxyAdmin,
      abi: openZeppelinV4.proxyAdmin.abi,
      functionName: 'transferOwnership',
      args: [parameters.owner],
      account,
      chain: clients.chain,
    });
    await clients.publicClient.waitForTransactionReceipt({ hash });
  }
  return { proxy, proxyAdmin };
}

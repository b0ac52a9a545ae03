import { networkNames } from '@openzeppelin/upgrades-core';

export type NetworkFileChainIdParameters = {
  /** The network file's path or name. */
  file: string;
};
/** The chain id the file name says, or undefined when the name says none (a renamed file). */
export type NetworkFileChainIdReturnType = number | undefined;

/**
 * The chain a network file of OpenZeppelin's Upgrades plugins belongs to, read from its name as the plugins write it
 * (the file itself has no chain id): `mainnet.json`, `sepolia.json`, … (upgrades-core's `networkNames`),
 * `unknown-<chainId>.json`, and on a local node `anvil-<chainId>-<instance>.json` or `hardhat-<chainId>-<instance>.json`.
 *
 * @example
 * networkFileChainId({ file: '.openzeppelin/unknown-31337.json' }); // 31337
 * networkFileChainId({ file: '.openzeppelin/sepolia.json' }); // 11155111
 * networkFileChainId({ file: 'deployments.json' }); // undefined
 */
export function networkFileChainId({ file }: NetworkFileChainIdParameters): NetworkFileChainIdReturnType {
  const name = file.split(/[\\/]/).pop() ?? '';
  const numbered = /^(?:unknown|anvil|hardhat)-([0-9]+)(?:-0x[0-9a-fA-F]+)?\.json$/.exec(name);
  if (numbered) return Number(numbered[1]);
  const named = /^(.+)\.json$/.exec(name)?.[1];
  const entry = Object.entries(networkNames).find(([, network]) => network === named);
  return entry ? Number(entry[0]) : undefined;
}

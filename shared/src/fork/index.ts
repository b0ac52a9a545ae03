export {
  type AnvilInstance,
  type StartAnvilParameters,
  AnvilStartError,
  PortInUseError,
  anvilBinary,
  assertPortFree,
  processEnded,
  startAnvil,
  waitForProcessEnd,
} from './anvil.js';
export { ANVIL_MNEMONIC, anvilAccount } from './anvilAccounts.js';
export { type ChainClients, type ChainClientsOptions, chainClients } from './chainClients.js';
export { freePort } from './freePort.js';
export { advanceTo, asAccount, deployAs, dryRunDeployer, fundAccounts, sendAs } from './forkActions.js';
export { type ContractWrite, type WriteFunctionArgs, type WriteFunctionName, plainCall } from './contractWrite.js';

export { ANVIL_MNEMONIC, anvilAccount } from './anvilAccounts.js';
export { type ChainClients, type ChainClientsOptions, chainClients } from './chainClients.js';
export { advanceTo, asAccount, deployAs, dryRunDeployer, fundAccounts, sendAs } from './forkActions.js';
export {
  type ContractWrite,
  type WriteFunctionArgs,
  type WriteFunctionName,
  gasWithMargin,
  plainCall,
} from './contractWrite.js';

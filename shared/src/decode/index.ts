export {
  type DecodeSafeTransactionParameters,
  type DecodeSafeTransactionReturnType,
  type DecodedArgument,
  type DecodedCall,
  decodeSafeTransaction,
} from './decodeSafeTransaction.js';
export { type KnownAbi, type KnownFunction, functionIndex, knownAbis, knownFunctions } from './knownAbis.js';
export {
  type MultiSendTransaction,
  type MultiSendTransactionsErrorType,
  type MultiSendTransactionsParameters,
  type MultiSendTransactionsReturnType,
  MalformedMultiSendError,
  multiSendSelector,
  multiSendTransactions,
} from './multiSendTransactions.js';
export { formatValue, summarize } from './summarize.js';

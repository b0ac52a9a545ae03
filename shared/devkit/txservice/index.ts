export * from './errors.js';
export * from './server.js';
export * from './signatures.js';
export * from './query.js';
export type { SafeState, Execution } from './chain.js';
export { readSafeState, ExecutionIndex } from './chain.js';
export type { MultisigTransactionResponse, ConfirmationResponse } from './response.js';
export type { StoredTransaction, StoredConfirmation } from './store.js';
export { TransactionStore } from './store.js';

export { type BatchAsMultiSendStepParameters, batchAsMultiSendStep } from './batchAsMultiSendStep.js';
export {
  type ContractMethodInput,
  type TxBuilderBatch,
  type TxBuilderTransaction,
  TxBuilderBatchError,
  parseTxBuilderBatch,
} from './batchFile.js';
export {
  EmptyTxBuilderBatchError,
  TxBuilderChainMismatchError,
  TxBuilderChecksumError,
  TxBuilderPhaseSizesError,
  TxBuilderSafeMismatchError,
} from './batchDraftErrors.js';
export { txBuilderChecksum, verifyTxBuilderChecksum } from './checksum.js';
export { ContractMethodDataError, transactionData } from './contractMethodData.js';
export {
  type DraftFromTxBuilderBatchParameters,
  type DraftFromTxBuilderBatchReturnType,
  draftFromTxBuilderBatch,
} from './draftFromTxBuilderBatch.js';
export {
  type ExportTxBuilderBatchParameters,
  type ExportTxBuilderBatchReturnType,
  PhaseNotFoundError,
  exportTxBuilderBatch,
} from './exportTxBuilderBatch.js';
export {
  type ImportTxBuilderBatchParameters,
  type ImportTxBuilderBatchReturnType,
  TxBuilderImportError,
  batchToSteps,
  importTxBuilderBatch,
} from './importTxBuilderBatch.js';
export { type BatchStepReference, type TxBuilderSidecar, sidecarFormat, sidecarVersion } from './sidecar.js';

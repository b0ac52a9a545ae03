export { ContainmentSendError, WatchInputError } from './errors.js';
export { type TransactionLogs, groupByTransaction, safeExecutionAbi } from './monitorLogs.js';
export { sendContainment } from './sendContainment.js';
export type { AlertReason, MonitorEvent } from './types.js';
export { type WatchErrorType, type WatchParameters, type WatchReturnType, watch } from './watch.js';

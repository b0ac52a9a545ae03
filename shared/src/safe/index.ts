export * from './safeTx.js';
export * from './multiSend.js';

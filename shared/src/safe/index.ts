export * from './safeArtifacts.js';
export * from './safeTx.js';
export * from './multiSend.js';

/**
 * Manifest Guard's library for Node programs (the CLI, the dev kit, tests): everything `index.ts` exports, plus what
 * needs Node: Anvil (a child process) and free ports, forks and the simulations on them, the gate (which simulates on a
 * fork), the install dry run's own fork, the Safe contracts' creation code read from their npm packages, and the storage-layout comparison (OpenZeppelin's
 * upgrades-core).
 */
export * from './index.js';
export * from './fork/node.js';
export * from './gate/node.js';
export * from './imports/foundry/node.js';
export * from './imports/oz/node.js';
export * from './install/node.js';
export * from './policy/node.js';
export * from './safe/node.js';
export * from './simulate/node.js';

/**
 * Manifest Guard's library: the one entry the CLI, the app and other programs import (the generated contract ABIs
 * come from `shared/src/generated`). One folder per concern; each folder's `index.ts` is its public part.
 *
 * - `package`: the release package and evidence packet (schema, parsing, canonical JSON, hashing of evidence)
 * - `hashing`: EIP-712 manifest ids, approval digests, step keys (identical to the guard's)
 * - `guard`: the guard's types, its derived-state view, its errors decoded and said in sentences, deployment
 * - `lane`, `decode`, `builders`, `proxy`, `safe`, `txbuilder`: classifying, reading and building Safe transactions
 * - `gate`, `policy`, `authority`, `simulate`, `verify`, `monitor`: deciding, rehearsing and checking a release
 * - `install`, `queue`: installing the guard on a Safe; the Safe's transaction queue
 * - `fork`: Anvil (local chains and forks), chain clients, free ports
 */
export * from './authority/index.js';
export * from './builders/index.js';
export * from './decode/index.js';
export * from './fork/index.js';
export * from './gate/index.js';
export * from './guard/index.js';
export * from './hashing/index.js';
export * from './install/index.js';
export * from './lane/index.js';
export * from './monitor/index.js';
export * from './package/index.js';
export * from './policy/index.js';
export * from './proxy/index.js';
export * from './queue/index.js';
export * from './safe/index.js';
export * from './simulate/index.js';
export * from './txbuilder/index.js';
export * from './verify/index.js';

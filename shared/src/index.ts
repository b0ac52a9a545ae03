/**
 * Manifest Guard's library, the entry for every program, a browser's included (the app imports only this; the generated
 * contract ABIs come from `shared/src/generated`). What needs Node (Anvil, forks, the simulations and the gate that run
 * on them, the Safe contracts' creation code) is added by `shared/src/node.ts`, the CLI's entry. One folder per concern;
 * each folder's `index.ts` is its public part that runs anywhere, its `node.ts` (where there is one) the Node-only rest.
 *
 * - `package`: the release package and evidence packet (schema, parsing, canonical JSON, hashing of evidence)
 * - `hashing`: EIP-712 manifest ids, approval digests, step keys (identical to the guard's)
 * - `guard`: the guard's types, its derived-state view, its errors decoded and said in sentences, deployment
 * - `lane`, `decode`, `builders`, `proxy`, `safe`, `txbuilder`: classifying, reading and building Safe transactions
 * - `gate`, `policy`, `authority`, `simulate`, `verify`, `monitor`: deciding, rehearsing and checking a release
 * - `install`, `queue`: installing the guard on a Safe; the Safe's transaction queue
 * - `clearsign`: ERC-7730 descriptors of the guard's calls and approval, and what a clear-signing device shows
 * - `errors`: `BaseError`, the base of the library's typed errors (a one-line message, the details and what to do)
 * - `fork`: chain clients, typed contract writes, impersonated calls on a fork; Anvil and free ports (Node)
 */
export * from './authority/index.js';
export * from './builders/index.js';
export * from './clearsign/index.js';
export * from './decode/index.js';
export * from './errors/index.js';
export * from './fork/index.js';
export * from './gate/index.js';
export * from './guard/index.js';
export * from './hashing/index.js';
export * from './imports/foundry/index.js';
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

// The dry run's own fork on a local Anvil: Node only.
export { withInstallFork } from './withInstallFork.js';

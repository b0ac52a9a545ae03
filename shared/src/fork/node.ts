// Anvil (a child process) and free ports: Node only.
export {
  type AnvilInstance,
  type StartAnvilParameters,
  AnvilStartError,
  PortInUseError,
  anvilBinary,
  assertPortFree,
  processEnded,
  startAnvil,
  waitForProcessEnd,
} from './anvil.js';
export { freePort } from './freePort.js';

import { BaseError } from '../errors/base.js';

const forkHint = (url = '<your RPC>') =>
  `Run \`npx anvil --fork-url ${url}\` and pass its URL (e.g. http://127.0.0.1:8545), or run ` +
  '`npx manifest-guard preflight --rpc <your RPC> --config <file>`, which forks it by itself.';

/** The simulation endpoint is not a URL. */
export class SimulationRpcInvalidError extends BaseError {
  override name = 'SimulationRpcInvalidError';
  constructor(rpcUrl: string) {
    super(`The simulation RPC "${rpcUrl}" is not a URL.`, { metaMessages: [forkHint()] });
  }
}

/** The simulation endpoint does not answer. */
export class SimulationRpcUnreachableError extends BaseError {
  override name = 'SimulationRpcUnreachableError';
  constructor(rpcUrl: string, cause: unknown) {
    super(`Could not reach the simulation RPC ${rpcUrl}: is the fork running?`, {
      metaMessages: [forkHint(), `The transport said: ${firstLine(cause)}`],
      cause,
    });
  }
}

/** The endpoint answers JSON-RPC but is not Anvil: it cannot impersonate the Safe's owners or move its clock. */
export class NotAnAnvilEndpointError extends BaseError {
  override name = 'NotAnAnvilEndpointError';
  constructor(rpcUrl: string, cause: unknown) {
    super(
      `${rpcUrl} is not an Anvil endpoint (it does not answer anvil_nodeInfo): the dry run impersonates the ` +
        "Safe's owners and the guard's roles and moves the clock, which only a local fork can do.",
      { metaMessages: [forkHint(rpcUrl), `The node said: ${firstLine(cause)}`], cause },
    );
  }
}

/** The endpoint holds another chain than the Safe's. */
export class SimulationWrongChainError extends BaseError {
  override name = 'SimulationWrongChainError';
  constructor(rpcUrl: string, chainId: number, expected: number) {
    super(`The simulation RPC ${rpcUrl} is on chain ${chainId}, but the Safe is on chain ${expected}.`, {
      metaMessages: [
        `Fork the Safe's chain: \`npx anvil --fork-url <RPC of chain ${expected}>\` (a fork keeps the chain id).`,
      ],
    });
  }
}

/** No Safe answers at the address on the endpoint. */
export class DryRunSafeNotFoundError extends BaseError {
  override name = 'DryRunSafeNotFoundError';
  constructor(safe: string, rpcUrl: string, chainId: number, cause?: unknown) {
    super(`There is no Safe at ${safe} on ${rpcUrl} (chain ${chainId}).`, {
      metaMessages: [
        "Check the Safe's address, and that the RPC holds the Safe's chain (a fork: of that chain, at a block " +
          'after the Safe was created).',
      ],
      cause,
    });
  }
}

/** The simulation endpoint could not be put back to the state before the dry run. */
export class DryRunRevertError extends BaseError {
  override name = 'DryRunRevertError';
  constructor(rpcUrl: string, cause: unknown) {
    super(`Could not revert ${rpcUrl} to the state before the dry run (evm_revert failed).`, {
      metaMessages: [
        'The dry run’s guard, manifests and clock may remain on that endpoint: restart the fork before using it again.',
      ],
      cause,
    });
  }
}

function firstLine(error: unknown): string {
  return ((error as Error)?.message ?? String(error)).split('\n')[0]!;
}

import { BaseError } from '../../../shared/src/index.js';

/** The page is framed but the host never answered the Safe Apps SDK. */
export class HostTimeoutError extends BaseError {
  override name = 'HostTimeoutError';
  constructor(timeoutMs: number) {
    super(`The page that frames this app did not answer the Safe Apps SDK within ${timeoutMs / 1000} s.`, {
      metaMessages: [
        'Open Manifest Guard from Safe{Wallet} (Apps → My custom apps) or open its URL directly in a tab to use it standalone.',
      ],
    });
  }
}

/** A read the Safe Apps host does not forward (its `rpcCall` accepts a fixed list of methods). */
export class RpcMethodNotAllowedError extends BaseError {
  override name = 'RpcMethodNotAllowedError';
  constructor(method: string) {
    super(`The Safe Apps host does not forward the RPC method ${method}.`, {
      metaMessages: ['This is a bug in Manifest Guard: it should only use eth_call, eth_getLogs and the other reads.'],
    });
  }
}

/** The node did not answer or answered with an error that is not a revert. */
export class RpcDownError extends BaseError {
  override name = 'RpcDownError';
  constructor(url: string, cause: unknown) {
    super(`The node at ${url} did not answer.`, {
      metaMessages: [
        'Check the RPC URL (for the local desk: start it with `npm start`, default http://127.0.0.1:8545) and retry.',
        `The transport said: ${firstLine(cause)}`,
      ],
      cause,
    });
  }
}

/** The address is not a Safe on this chain. */
export class NotASafeError extends BaseError {
  override name = 'NotASafeError';
  constructor(address: string, chainId: number, cause?: unknown) {
    super(`${address} is not a Safe on chain ${chainId}.`, {
      metaMessages: ['Check the Safe address and that the RPC URL points at the chain the Safe lives on.'],
      cause,
    });
  }
}

/** The wallet is on another chain than the Safe. */
export class WrongChainError extends BaseError {
  override name = 'WrongChainError';
  constructor(walletChainId: number, safeChainId: number) {
    super(`Your wallet is on chain ${walletChainId}, the Safe is on chain ${safeChainId}.`, {
      metaMessages: [`Switch the wallet to chain ${safeChainId} and try again.`],
    });
  }
}

/** The signer has no role (or no ownership) that the action requires. */
export class MissingRoleError extends BaseError {
  override name = 'MissingRoleError';
  constructor(account: string, role: string, action: string) {
    super(`${account} is not ${role}, so it cannot ${action}.`, {
      metaMessages: [`Connect the account of ${role} (standalone mode: choose it in the signer selector) and retry.`],
    });
  }
}

/** An action needs a signer (standalone) and none is connected, or the Safe App cannot sign it. */
export class SignerRequiredError extends BaseError {
  override name = 'SignerRequiredError';
  constructor(action: string) {
    super(`To ${action} a wallet must sign it, and none is connected.`, {
      metaMessages: [
        'Inside Safe{Wallet} the app only proposes Safe transactions. Open the app standalone (its URL in a tab) and connect the account that holds the role.',
      ],
    });
  }
}

export function firstLine(cause: unknown): string {
  const error = cause as { shortMessage?: string; message?: string } | undefined;
  return (error?.shortMessage ?? error?.message ?? String(cause)).split('\n')[0]!;
}

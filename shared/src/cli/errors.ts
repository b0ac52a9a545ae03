import { BaseError } from '../node.js';

/** The command line is wrong: an unknown command or option, a missing or malformed value. Exit code 2. */
export class UsageError extends BaseError {
  override name = 'UsageError';
  constructor(problem: string, fix: string) {
    super(problem, { metaMessages: [fix] });
  }
}

/** A private key was passed on the command line, where shell history and process lists would keep it. */
export class PrivateKeyFlagError extends BaseError {
  override name = 'PrivateKeyFlagError';
  constructor() {
    super('--private-key is refused: a key on the command line ends up in shell history, CI logs and `ps` output.', {
      metaMessages: [
        'Set the key in the environment variable MANIFEST_GUARD_PRIVATE_KEY (a CI secret), or pass an encrypted ' +
          'keystore with --keystore <file> and its password in MANIFEST_GUARD_KEYSTORE_PASSWORD.',
      ],
    });
  }
}

/** The command signs or sends a transaction and no key was configured. */
export class KeyMissingError extends BaseError {
  override name = 'KeyMissingError';
  constructor(command: string, role: string) {
    super(`\`${command}\` sends a transaction as the ${role} and no key is configured.`, {
      metaMessages: [
        "Set MANIFEST_GUARD_PRIVATE_KEY to the signer's key (0x + 64 hex digits), or pass --keystore <file> with " +
          'the password in MANIFEST_GUARD_KEYSTORE_PASSWORD.',
      ],
    });
  }
}

/** The node answers for another chain than the one the user (or the package) named. */
export class ChainIdMismatchError extends BaseError {
  override name = 'ChainIdMismatchError';
  constructor(rpcUrl: string, nodeChainId: number, expected: number, source: string) {
    super(`${rpcUrl} is on chain ${nodeChainId}, but ${source} says chain ${expected}.`, {
      metaMessages: [
        'Connect to a node of the right chain (--rpc or MANIFEST_GUARD_RPC), or fix the chain id: manifests and ' +
          'approvals are bound to one chain and are worthless on another.',
      ],
    });
  }
}

/** A file the command reads is missing or not what it should be. */
export class CliFileError extends BaseError {
  override name = 'CliFileError';
  constructor(path: string, problem: string, fix: string) {
    super(`${path}: ${problem}`, { metaMessages: [fix] });
  }
}

/**
 * The chain refused a transaction; the guard's or the Safe's reason is decoded when there is one. `details` come
 * before the fix (e.g. the guard's raw error with its values).
 */
export class TransactionRejectedError extends BaseError {
  override name = 'TransactionRejectedError';
  constructor(action: string, reason: string, fix: string, details: readonly string[] = []) {
    super(`${action} was rejected: ${reason}`, { metaMessages: [...details, fix] });
  }
}

/** A transaction was sent, and its receipt did not come in time (the node stopped answering, or the chain stalls). */
export class TransactionUnconfirmedError extends BaseError {
  override name = 'TransactionUnconfirmedError';
  readonly hash: string;
  constructor(hash: string, seconds: number, rpcUrl: string, cause: unknown) {
    super(`Transaction ${hash} was sent, but its receipt did not come within ${seconds} s.`, {
      metaMessages: [
        `It may still be mined: look it up (another node of the chain, an explorer) before sending anything again. ` +
          `${rpcUrl} stopped answering or the chain is not producing blocks; --receipt-timeout waits longer.`,
        `The wait said: ${((cause as Error)?.message ?? String(cause)).split('\n')[0]}`,
      ],
      cause,
    });
    this.hash = hash;
  }
}

/** The node accepted the connection but did not answer in time. */
export class RpcTimeoutError extends BaseError {
  override name = 'RpcTimeoutError';
  constructor(url: string, seconds: number, cause: unknown) {
    super(`${url} did not answer within ${seconds} s.`, {
      metaMessages: [
        'The node is overloaded, stalled or behind a proxy that holds requests: retry, or use another RPC URL.',
      ],
      cause,
    });
  }
}

/** Nothing is deployed where the command expects a contract (the guard, the Safe). */
export class NoContractError extends BaseError {
  override name = 'NoContractError';
  constructor(address: string, chain: { chainId: number; rpcUrl: string }, what: string, fix: string) {
    super(`There is no contract at ${address} on chain ${chain.chainId} (${chain.rpcUrl}): it is not ${what}.`, {
      metaMessages: [fix],
    });
  }
}

/** `hash --seal` refuses an evidence packet that is malformed or incomplete (without --allow-incomplete). */
export class EvidenceNotSealableError extends BaseError {
  override name = 'EvidenceNotSealableError';
  constructor(path: string, problem: string, lines: readonly string[], fix: string) {
    super(`${path} ${problem}: not sealed.`, { metaMessages: [...lines, fix] });
  }
}

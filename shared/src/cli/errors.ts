import { BaseError } from '../package/baseError.js';

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

/** The chain refused a transaction; the guard's or the Safe's reason is decoded when there is one. */
export class TransactionRejectedError extends BaseError {
  override name = 'TransactionRejectedError';
  constructor(action: string, reason: string, fix: string) {
    super(`${action} was rejected: ${reason}`, { metaMessages: [fix] });
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

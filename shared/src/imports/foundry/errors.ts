import type { Address } from 'viem';

import { BaseError } from '../../errors/base.js';

/** One problem of a broadcast file: where it is (`transactions[1].transaction.from`) and what is wrong. */
export type BroadcastIssue = { path: string; message: string };

/** The file is not a `forge script` broadcast this import reads: empty, not JSON, or a field is missing or malformed. */
export class BroadcastFileError extends BaseError {
  override name = 'BroadcastFileError';
  readonly file: string;
  readonly issues: readonly BroadcastIssue[];
  constructor(file: string, issues: readonly BroadcastIssue[]) {
    const count = `${issues.length} problem${issues.length === 1 ? '' : 's'}`;
    super(`${file} is not a forge script broadcast: ${count}.`, {
      metaMessages: [
        ...issues.map((issue) => `${issue.path}: ${issue.message}`),
        'Pass the run-latest.json that `forge script` wrote: broadcast/<Script>.s.sol/<chain id>/dry-run/run-latest.json ' +
          '(without --broadcast) or broadcast/<Script>.s.sol/<chain id>/run-latest.json.',
      ],
    });
    this.file = file;
    this.issues = issues;
  }
}

/** The broadcast was simulated on another chain than the node's. */
export class BroadcastChainError extends BaseError {
  override name = 'BroadcastChainError';
  constructor(file: string, broadcastChainId: number, nodeChainId: number) {
    super(`${file} is a broadcast for chain ${broadcastChainId}, but the node is on chain ${nodeChainId}.`, {
      metaMessages: [
        `Run the script against a node of chain ${nodeChainId} (forge script … --rpc-url <that node>), or pass --rpc ` +
          `of chain ${broadcastChainId}: a manifest is bound to one chain.`,
      ],
    });
  }
}

/** A transaction of the script deploys a contract with the Safe as its sender: a Safe step only calls. */
export class SafeCreateError extends BaseError {
  override name = 'SafeCreateError';
  constructor(parameters: { number: number; kind: 'CREATE' | 'CREATE2'; contractName?: string; safe: Address }) {
    const what = parameters.contractName ? ` (${parameters.contractName})` : '';
    super(
      `Transaction #${parameters.number} of the broadcast is a ${parameters.kind}${what} from the Safe ` +
        `${parameters.safe}: a Safe step calls a contract, it cannot deploy one.`,
      {
        metaMessages: [
          'Deploy it from a deployer account in a separate script (vm.startBroadcast(deployer), run with --broadcast), ' +
            "then import the Safe's calls.",
        ],
      },
    );
  }
}

/** No transaction of the broadcast has the Safe as its sender. */
export class NoSafeCallError extends BaseError {
  override name = 'NoSafeCallError';
  constructor(file: string, safe: Address, senders: readonly Address[]) {
    super(`${file} has no call from the Safe ${safe}.`, {
      metaMessages: [
        senders.length > 0 ? `Its transactions are sent by ${senders.join(', ')}.` : 'It has no transactions at all.',
        "Run the script with the Safe as the sender of its calls: vm.startBroadcast(<safe>) around the Safe's calls, " +
          'and forge script … --sender <safe>.',
      ],
    });
  }
}

/** A `--phase` value is not a range of the Safe's calls, or the phases do not take each call once, in order. */
export class PhaseRangeError extends BaseError {
  override name = 'PhaseRangeError';
  constructor(problem: string, fix: string) {
    super(problem, { metaMessages: [fix] });
  }
}

/** An implementation a Safe step installs has no code on chain (a dry run deploys nothing). */
export class ImplementationNotDeployedError extends BaseError {
  override name = 'ImplementationNotDeployedError';
  constructor(parameters: {
    implementation: Address;
    chainId: number;
    step: number;
    deployedBy?: { number: number; from: Address };
  }) {
    const { implementation, chainId, step, deployedBy } = parameters;
    super(`The implementation ${implementation} that Safe call ${step} installs has no code on chain ${chainId}.`, {
      metaMessages: deployedBy
        ? [
            `Transaction #${deployedBy.number} of the broadcast deploys it (sent by ${deployedBy.from}), but a dry run ` +
              'sends nothing.',
            "Deploy it first (broadcast the deployer's part: a script of its own run with --broadcast), pass its " +
              'address to the Safe script, run that again and import it.',
          ]
        : ['Deploy the new implementation first and pass its address to the script, then run it and import again.'],
    });
  }
}

/** A Safe call decodes as an upgrade, but the chain does not show the proxy the call names behind its target. */
export class UpgradeTargetError extends BaseError {
  override name = 'UpgradeTargetError';
  constructor(step: number, problem: string, fix: string) {
    super(`Safe call ${step} looks like an upgrade, but ${problem}`, { metaMessages: [fix] });
  }
}

/** The `--artifacts` directory is not forge's build output. */
export class ArtifactsDirectoryError extends BaseError {
  override name = 'ArtifactsDirectoryError';
  constructor(directory: string, problem: string) {
    super(`${directory}: ${problem}`, {
      metaMessages: [
        "Pass forge's output directory (`out` by default, `out = …` in foundry.toml): it holds " +
          '<File>.sol/<Contract>.json with an "abi". Run `forge build` first if it is missing.',
      ],
    });
  }
}

/** A Safe call names a contract that another sender deploys in the broadcast, and it has no code on chain yet. */
export class DependencyNotDeployedError extends BaseError {
  override name = 'DependencyNotDeployedError';
  constructor(parameters: {
    address: Address;
    contractName?: string;
    chainId: number;
    calls: readonly number[];
    deployedBy: { number: number; from: Address };
  }) {
    const { address, contractName, chainId, calls, deployedBy } = parameters;
    const which = calls.length === 1 ? `Safe call ${calls[0]}` : `Safe calls ${calls.join(', ')}`;
    super(
      `${which} name${calls.length === 1 ? 's' : ''} ${address}${contractName ? ` (${contractName})` : ''}, which has ` +
        `no code on chain ${chainId}.`,
      {
        metaMessages: [
          `Transaction #${deployedBy.number} of the broadcast deploys it (sent by ${deployedBy.from}), but a dry run ` +
            'sends nothing, and an approved step must not name an address whose code nobody has seen.',
          "Deploy it first (broadcast the deployer's part: a script of its own run with --broadcast), pass its " +
            'address to the Safe script, run that again and import it.',
        ],
      },
    );
  }
}

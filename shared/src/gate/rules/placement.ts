import { getAddress, isAddressEqual, zeroAddress } from 'viem';

import { isTxBuilderBatch } from '../proposedTransaction.js';
import type { GateReason } from '../types.js';
import { type GateRule, reason } from './rule.js';

/**
 * Where the transaction runs and who sends it: the package's, the node's and the batch's chain (`wrongChain`), the
 * package's and the guard's Safe (`wrongSafe`), the executor (`executorNotConfigured`), and no refund parameters
 * (`refundForbidden`). Each rejects.
 */
export const placement: GateRule = ({ parameters, pkg, state, chainId, safe, guard, config, proposed }) => {
  const reasons: GateReason[] = [];
  if (pkg.chainId !== chainId) {
    reasons.push(
      reason('wrongChain', 'reject', `The package is for chain ${pkg.chainId}, not ${chainId}.`, {
        packageChainId: pkg.chainId,
        chainId,
      }),
    );
  }
  if (state && state.chainId !== chainId) {
    reasons.push(
      reason(
        'wrongChain',
        'reject',
        `The node is on chain ${state.chainId}, not ${chainId}. Connect to the right chain.`,
        {
          nodeChainId: state.chainId,
          chainId,
        },
      ),
    );
  }
  if (isTxBuilderBatch(parameters.proposed) && parameters.proposed.chainId !== String(chainId)) {
    reasons.push(
      reason('wrongChain', 'reject', `The batch was built for chain ${parameters.proposed.chainId}, not ${chainId}.`, {
        batchChainId: parameters.proposed.chainId,
        chainId,
      }),
    );
  }
  if (!isAddressEqual(pkg.safe, safe)) {
    reasons.push(
      reason('wrongSafe', 'reject', `The package is for Safe ${pkg.safe}, not ${safe}.`, {
        packageSafe: pkg.safe,
        safe,
      }),
    );
  }
  if (state && !isAddressEqual(state.safe, safe)) {
    reasons.push(
      reason('wrongSafe', 'reject', `The guard ${guard} protects Safe ${state.safe}, not ${safe}.`, {
        guardSafe: state.safe,
        safe,
      }),
    );
  }
  if (parameters.executor && config?.executors) {
    const executor = getAddress(parameters.executor);
    if (!config.executors.some((member) => isAddressEqual(member, executor))) {
      reasons.push(
        reason(
          'executorNotConfigured',
          'reject',
          `${executor} is not an executor of the guard: only executors may send.`,
          {
            executor,
            executors: [...config.executors],
          },
        ),
      );
    }
  }
  if (proposed.gasPrice !== 0n || proposed.gasToken !== zeroAddress || proposed.refundReceiver !== zeroAddress) {
    reasons.push(
      reason(
        'refundForbidden',
        'reject',
        'The transaction sets refund parameters: set gasPrice 0, gasToken and refundReceiver to the zero address.',
        {
          gasPrice: proposed.gasPrice.toString(),
          gasToken: proposed.gasToken,
          refundReceiver: proposed.refundReceiver,
        },
      ),
    );
  }
  return reasons;
};

import { useState } from 'react';
import type { Address, Hex } from 'viem';

import { manifestGuardAbi } from '../../../../shared/src/generated/manifestGuard.js';
import { confirmQueued } from '../../cosign/confirmQueued.js';
import { executeQueued } from '../../cosign/executeQueued.js';
import { InvalidFieldError } from '../../inspect/errors.js';
import type { QueuedTransaction } from '../../safe/connection.js';
import { useConnection } from '../../safe/useSafeAppsSdk.js';
import { type Action, useAsync } from '../../ui/useAsync.js';
import { installCall } from '../installSteps.js';
import { findPendingSetGuard } from '../pendingSetGuard.js';

/**
 * The setGuard transaction: the one already in the Safe's queue for the guard to set (`queued`: proposed from this
 * browser, `remembered` across reloads, or found in the queue's waiting transactions; before a guard is named, any
 * setGuard of this Safe another owner proposed), read again whenever the nonce or `busy` changes; `propose` it when there is none, and, standalone, `confirm` and `execute` it.
 */
export function useSetGuardProposal({
  guard,
  guardAddress,
  multiSendCallOnly,
  remembered,
  onProposed,
  action,
}: {
  /** The guard as typed (named in the error when it is not an address). */
  guard: string;
  guardAddress: Address | undefined;
  /** The guard's MultiSendCallOnly (from its configuration), once read. */
  multiSendCallOnly: Address | undefined;
  /** The setGuard proposal kept in this browser, with the guard it sets. */
  remembered: { safeTxHash: Hex; guard: Address } | undefined;
  onProposed: (proposal: { safeTxHash: Hex; guard: Address }) => void;
  action: Action;
}) {
  const connection = useConnection();
  const { state } = connection;
  const [proposed, setProposed] = useState<{ safeTxHash: Hex; guard: Address }>();
  const mine = [proposed, remembered].find((entry) => entry && entry.guard === guardAddress)?.safeTxHash;
  // A second owner who has not named the guard yet finds the setGuard another owner proposed (the shared queue), to
  // confirm it rather than deploy and propose a second one.
  const pending = useAsync(
    () =>
      guardAddress && multiSendCallOnly
        ? findPendingSetGuard({
            connection,
            expected: installCall(state, guardAddress, multiSendCallOnly),
            remembered: mine,
          })
        : guardAddress
          ? Promise.resolve(undefined)
          : findPendingSetGuard({ connection, expected: undefined, remembered: undefined }),
    [guardAddress, multiSendCallOnly, mine, action.busy, state.nonce],
  );
  const queued = pending.status === 'done' ? pending.value : undefined;

  const propose = () =>
    action.run(
      'Proposing the setGuard transaction…',
      async () => {
        if (!guardAddress) throw new InvalidFieldError('Guard', guard, 'the deployed guard’s address');
        const config = await connection.client.readContract({
          address: guardAddress,
          abi: manifestGuardAbi,
          functionName: 'getConfig',
        });
        const { safeTxHash } = await connection.propose(installCall(state, guardAddress, config.multiSendCallOnly));
        const proposal = { safeTxHash, guard: guardAddress };
        setProposed(proposal);
        onProposed(proposal);
      },
      'The setGuard transaction is in the Safe queue: owners confirm and execute it.',
    );
  const confirm = (tx: QueuedTransaction) => action.run('Confirming…', () => confirmQueued(connection, tx));
  const execute = (tx: QueuedTransaction) =>
    action.run(
      'Executing setGuard…',
      async () => {
        await executeQueued(connection, tx);
        await connection.refresh();
      },
      'Manifest Guard is installed.',
    );

  const proposal = queued?.safeTxHash ?? (proposed?.guard === guardAddress ? proposed?.safeTxHash : undefined);
  return { proposal, queued, propose, confirm, execute };
}

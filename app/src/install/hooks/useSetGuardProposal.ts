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

/**
 * The setGuard transaction: `propose` it for the guard to set, read it back from the queue (again whenever the
 * nonce or `busy` changes), and, standalone, `confirm` and `execute` it.
 */
export function useSetGuardProposal({
  guard,
  guardAddress,
  action,
}: {
  /** The guard as typed (named in the error when it is not an address). */
  guard: string;
  guardAddress: Address | undefined;
  action: Action;
}) {
  const connection = useConnection();
  const { state } = connection;
  const [proposal, setProposal] = useState<Hex>();
  const queued = useAsync(
    () => (proposal ? connection.queued(proposal) : Promise.resolve(undefined)),
    [proposal, action.busy, state.nonce],
  );

  const propose = () =>
    action.run(
      'Proposing the setGuard transaction…',
      async () => {
        if (!guardAddress) throw new InvalidFieldError('Guard', guard, 'the deployed guard’s address');
        const multiSendCallOnly = await connection.client.readContract({
          address: guardAddress,
          abi: manifestGuardAbi,
          functionName: 'getConfig',
        });
        const { safeTxHash } = await connection.propose(
          installCall(state, guardAddress, multiSendCallOnly.multiSendCallOnly),
        );
        setProposal(safeTxHash);
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

  return { proposal, queued: queued.status === 'done' ? queued.value : undefined, propose, confirm, execute };
}

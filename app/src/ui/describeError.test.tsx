import {
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  HttpRequestError,
  UserRejectedRequestError,
  encodeErrorResult,
} from 'viem';
import { describe, expect, test } from 'vitest';

import { manifestGuardAbi } from '../../../shared/src/generated/manifestGuard.js';
import { WrongChainError } from '../safe/errors.js';
import { describeError } from './describeError.js';

describe('describeError', () => {
  test('a rejected signature says nothing was sent', () => {
    const error = new UserRejectedRequestError(new Error('User denied transaction signature.'));
    expect(describeError(error)).toEqual({
      title: 'You rejected the request in your wallet.',
      details: ['Nothing was signed or sent. Start the action again when the details look right.'],
    });
  });

  test('an unreachable node says to check the RPC', () => {
    const error = new HttpRequestError({ url: 'http://127.0.0.1:8545', details: 'fetch failed' });
    const { title, details } = describeError(error);
    expect(title).toBe('The node did not answer.');
    expect(details[0]).toContain('Check that the RPC is up');
  });

  test('a guard revert names the rule, decoded with the guard’s ABI', () => {
    const data = encodeErrorResult({
      abi: manifestGuardAbi,
      errorName: 'ManifestGuardNotGuardian',
      args: ['0x976EA74026E726554dB657fA54763abd0C3a0aa9'],
    });
    const error = new ContractFunctionExecutionError(
      new ContractFunctionRevertedError({ abi: manifestGuardAbi, data, functionName: 'halt' }),
      { abi: manifestGuardAbi, functionName: 'halt', args: [] },
    );
    const { title, details } = describeError(error);
    // The guard's NatSpec for the error, with the value: no raw error as the title.
    expect(title).toBe('0x976EA74026E726554dB657fA54763abd0C3a0aa9 does not hold the guardian role.');
    expect(details).toContain("The guard's error: ManifestGuardNotGuardian(0x976EA740…3a0aa9)");
  });

  test('a step another manifest holds points to that manifest on Co-sign, where it is cancelled or halted', () => {
    const claimedBy = `0x${'ab'.repeat(32)}` as const;
    const data = encodeErrorResult({
      abi: manifestGuardAbi,
      errorName: 'ManifestGuardStepClaimed',
      args: [`0x${'01'.repeat(32)}`, claimedBy],
    });
    const error = new ContractFunctionExecutionError(
      new ContractFunctionRevertedError({ abi: manifestGuardAbi, data, functionName: 'register' }),
      { abi: manifestGuardAbi, functionName: 'register', args: [] },
    );
    const { details } = describeError(error);
    expect(details.at(-1)).toBe(
      `If another manifest holds the step, open it on Co-sign & release (#/cosign?manifest=${claimedBy}): its proposer cancels it there while it is only registered, or a guardian halts it; then register again.`,
    );
  });

  test('the project’s own errors keep their words', () => {
    expect(describeError(new WrongChainError(1, 31337))).toEqual({
      title: 'Your wallet is on chain 1, the Safe is on chain 31337.',
      details: ['Switch the wallet to chain 31337 and try again.'],
    });
  });
});

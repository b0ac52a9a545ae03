import { cleanup, render, within } from '@testing-library/react';
import { type Address, type Hex, encodeFunctionData } from 'viem';
import { afterEach, describe, expect, test } from 'vitest';

import { multiSendAbi, proxyAdminV4Abi } from '../../../shared/src/generated/index.js';
import { manifestGuardAbi } from '../../../shared/src/generated/manifestGuard.js';
import {
  approvalDigest,
  decodeSafeTransaction,
  encodeMultiSend,
  safeTransaction,
  safeTxHashes,
} from '../../../shared/src/index.js';
import type { SafeCall } from '../safe/connection.js';
import { approvalOnDevice, stepOnDevice } from './clearSigning.js';
import { localTime } from '../ui/localTime.js';
import { ClearSigningCard } from './components/ClearSigningCard.js';

afterEach(cleanup);

const chainId = 31337;
const safe: Address = '0x5B3120d0dA5FDcBA7aef87A9c3c64829C1c0D76B';
const guard: Address = '0x1111111111111111111111111111111111111111';
const proxy: Address = '0x2222222222222222222222222222222222222222';
const implementation: Address = '0x3333333333333333333333333333333333333333';
const proxyAdmin: Address = '0x4444444444444444444444444444444444444444';
const multiSendCallOnly: Address = '0x9641d764fc13c8B624c04430C7356C1C7C8102e2';
const id = `0x${'12'.repeat(31)}ef` as Hex;

const halt = encodeFunctionData({ abi: manifestGuardAbi, functionName: 'halt', args: [id] });
const upgrade = encodeFunctionData({
  abi: proxyAdminV4Abi,
  functionName: 'upgradeAndCall',
  args: [proxy, implementation, '0x'],
});

/** The device view of a Safe transaction, computed as Inspect computes it. */
function onDevice(call: SafeCall) {
  const decoded = decodeSafeTransaction({ ...call, safe, guard, multiSendCallOnly });
  const hashes = safeTxHashes({ safe, chainId, transaction: safeTransaction({ ...call, nonce: 7n }) });
  return { step: stepOnDevice({ call, decoded, guard, chainId, hashes }), hashes };
}

describe('a step that calls the guard', () => {
  test('halt: clear-signed, intent and the manifest id as the device shows it; no blind-signing hashes', () => {
    const { step } = onDevice({ to: guard, value: 0n, data: halt, operation: 0 });
    const { getAllByTestId, getByTestId, queryByTestId } = render(<ClearSigningCard step={step} />);
    const [call] = getAllByTestId('clear-sign-call');
    expect(call!.dataset.kind).toBe('clear');
    expect(within(call!).getByTestId('clear-sign-intent').textContent).toBe('Halt release manifest');
    const line = within(call!).getByTestId('clear-sign-line');
    expect(line.querySelector('dt')!.textContent).toBe('Manifest id');
    expect(within(line).getByTestId('clear-sign-value').textContent).toBe('0x12121212…121212ef');
    expect(within(line).getByTestId('clear-sign-full').textContent).toBe(id);
    expect(queryByTestId('clear-sign-blind-hashes')).toBeNull();
    expect(queryByTestId('clear-sign-approval')).toBeNull();
    expect(getByTestId('clear-signing').textContent).toContain('the guard: halt(bytes32)');
  });
});

describe('an upgrade through a ProxyAdmin', () => {
  test('blind: names the missing descriptor and shows the safeTxHash and EIP-712 hashes to compare', () => {
    const { step, hashes } = onDevice({ to: proxyAdmin, value: 0n, data: upgrade, operation: 0 });
    const { getByTestId, getAllByTestId } = render(<ClearSigningCard step={step} />);
    expect(getAllByTestId('clear-sign-call').map((call) => call.dataset.kind)).toEqual(['blind']);
    expect(getByTestId('clear-sign-missing').textContent).toBe(
      'No descriptor: the device will blind-sign this call. Missing: ERC-7730 descriptor for ProxyAdmin (OZ v5): ' +
        `upgradeAndCall(address,address,bytes) at ${proxyAdmin}.`,
    );
    const shown = within(getByTestId('clear-sign-blind-hashes'))
      .getAllByRole('code')
      .map((code) => code.textContent);
    expect(shown).toEqual([hashes.safeTxHash, hashes.domainHash, hashes.messageHash]);
  });

  test('in a MultiSend batch with a call to the guard: the guard call clear, the upgrade blind', () => {
    const data = encodeFunctionData({
      abi: multiSendAbi,
      functionName: 'multiSend',
      args: [
        encodeMultiSend([
          { to: guard, value: 0n, data: halt },
          { to: proxyAdmin, value: 0n, data: upgrade },
        ]),
      ],
    });
    const { step, hashes } = onDevice({ to: multiSendCallOnly, value: 0n, data, operation: 1 });
    const { getAllByTestId, getByTestId } = render(<ClearSigningCard step={step} />);
    expect(getAllByTestId('clear-sign-call').map((call) => call.dataset.kind)).toEqual(['clear', 'blind']);
    expect(getByTestId('clear-sign-intent').textContent).toBe('Halt release manifest');
    expect(within(getByTestId('clear-sign-blind-hashes')).getAllByRole('code')[0]!.textContent).toBe(hashes.safeTxHash);
  });
});

describe('the manifest approval', () => {
  test('the EIP-712 approval of the manifest: intent, id shortened and in full, the digest signed', () => {
    const { step } = onDevice({ to: guard, value: 0n, data: halt, operation: 0 });
    const approval = approvalOnDevice({
      manifestId: id,
      chainId,
      guard,
      ticket: 'REL-42',
      executableFrom: 1_796_287_551n,
    });
    const { getByTestId } = render(<ClearSigningCard step={step} approval={approval} />);
    const card = getByTestId('clear-sign-approval');
    expect(card.dataset.kind).toBe('clear');
    expect(within(card).getByTestId('clear-sign-intent').textContent).toBe('Approve release manifest');
    const line = within(card).getByTestId('clear-sign-line');
    expect(line.querySelector('dt')!.textContent).toBe('Manifest id');
    expect(within(line).getByTestId('clear-sign-value').textContent).toBe('0x12121212…121212ef');
    expect(within(line).getByTestId('clear-sign-full').textContent).toBe(id);
    expect(getByTestId('clear-sign-approval-ticket').textContent).toBe('“REL-42”');
    expect(getByTestId('clear-sign-approval-from').textContent).toBe(localTime(1_796_287_551n));
    expect(getByTestId('clear-sign-approval-digest').textContent).toBe(
      approvalDigest({ manifestId: id, chainId, guard }),
    );
  });
});

import { type Address, type Hex, hashStruct, isAddressEqual } from 'viem';

import {
  type ClearSignView,
  type DecodedCall,
  type MultiSendTransaction,
  type SafeTxHashes,
  approvalDigest,
  bindDescriptor,
  blindSigning,
  domainSeparator,
  manifestDomain,
  manifestGuardApprovalDescriptor,
  manifestGuardCalldataDescriptor,
  manifestTypes,
  multiSendTransactions,
  renderCalldata,
  renderTypedData,
} from '../../../shared/src/index.js';
import type { SafeCall } from '../safe/connection.js';

/** One call the Safe transaction makes (the transaction itself, or an entry of its MultiSend batch), on a device. */
export type CallOnDevice = {
  to: Address;
  /** What the decoder calls the target and the function (`ProxyAdmin v5: upgradeAndCall(address,address,bytes)`). */
  what: string;
  view: ClearSignView;
  /** For a blind call: the descriptor a device would need, in words. */
  missing?: string;
};

/**
 * What a signer's device shows for a Safe transaction: each call it makes, clear-signed where Manifest Guard has a
 * descriptor (calls to the guard), blind otherwise, with the hashes the device shows when it blind-signs.
 */
export type StepOnDevice = { calls: CallOnDevice[]; blind: boolean; hashes: SafeTxHashes };

/** What an approver's device shows for the EIP-712 approval of a manifest (`approve --sign`). */
export type ApprovalOnDevice = {
  manifestId: Hex;
  /**
   * What the id stands for, read from the guard (the device shows the id alone: `Approval` carries nothing else): the
   * manifest's ticket and when the guard lets it start.
   */
  ticket?: string;
  executableFrom?: bigint;
  view: ClearSignView;
  /** The EIP-712 hashes a device shows instead when it blind-signs, and the digest signed. */
  domainHash: Hex;
  messageHash: Hex;
  digest: Hex;
};

export type StepOnDeviceParameters = {
  call: SafeCall;
  decoded: DecodedCall;
  guard: Address;
  chainId: number;
  hashes: SafeTxHashes;
};

/**
 * The device view of a Safe transaction's calls. A call to the guard is rendered with the guard's ERC-7730 descriptor
 * (bound to this guard and chain); any other call (an upgrade through a ProxyAdmin or a proxy, a call to the Safe)
 * names the descriptor that is missing: the device will blind-sign, and the signer compares the safeTxHash (or the
 * EIP-712 domain and message hashes) it shows with the ones here.
 *
 * @example
 * const onDevice = stepOnDevice({ call, decoded, guard, chainId: 1, hashes });
 * onDevice.calls[0].view.kind; // 'clear' for halt(id) on the guard, 'blind' for upgradeAndCall on a ProxyAdmin
 */
export function stepOnDevice({ call, decoded, guard, chainId, hashes }: StepOnDeviceParameters): StepOnDevice {
  const descriptor = bindDescriptor({ descriptor: manifestGuardCalldataDescriptor, chainId, address: guard });
  const pairs: [MultiSendTransaction, DecodedCall][] =
    decoded.kind === 'multiSend' ? batchPairs(call, decoded) : [[{ ...call }, decoded]];
  const calls = pairs.map(([inner, decodedInner]): CallOnDevice => {
    const what = callWords(decodedInner);
    if (isAddressEqual(inner.to, guard) && inner.operation === 0) {
      return { to: inner.to, what, view: renderCalldata({ descriptor, data: inner.data, to: inner.to, chainId }) };
    }
    const missing = `ERC-7730 descriptor for ${what} at ${inner.to}`;
    return {
      to: inner.to,
      what,
      missing,
      view: { kind: 'blind', reason: `${blindSigning} (no ${missing})` },
    };
  });
  return { calls, blind: calls.some((item) => item.view.kind === 'blind'), hashes };
}

/** The batch's transactions with their decoded forms, in order (the decoder reads the same bytes). */
function batchPairs(call: SafeCall, decoded: Extract<DecodedCall, { kind: 'multiSend' }>) {
  const transactions = multiSendTransactions(call.data);
  return transactions.map((transaction, index): [MultiSendTransaction, DecodedCall] => [
    transaction,
    decoded.calls[index]!,
  ]);
}

function callWords(call: DecodedCall): string {
  const target =
    call.targetLabel ?? (call.kind === 'call' && call.contracts.length > 0 ? call.contracts[0] : 'the contract');
  if (call.kind === 'call') return `${target}: ${call.signature}`;
  if (call.kind === 'transfer') return `${target}: a transfer`;
  if (call.kind === 'unknown') return `${target}: selector ${call.selector}`;
  return target ?? 'the contract';
}

export type ApprovalOnDeviceParameters = {
  manifestId: Hex;
  chainId: number;
  guard: Address;
  ticket?: string;
  executableFrom?: bigint;
};

/**
 * The device view of the EIP-712 approval of `manifestId` under the guard's domain, as `approve --sign` signs it.
 *
 * @example
 * approvalOnDevice({ manifestId, chainId: 1, guard }).view; // { kind: 'clear', intent: 'Approve release manifest', … }
 */
export function approvalOnDevice(parameters: ApprovalOnDeviceParameters): ApprovalOnDevice {
  const { manifestId, chainId, guard, ticket, executableFrom } = parameters;
  const descriptor = bindDescriptor({ descriptor: manifestGuardApprovalDescriptor, chainId, address: guard });
  const message = { manifestId };
  return {
    manifestId,
    ...(ticket !== undefined ? { ticket } : {}),
    ...(executableFrom !== undefined ? { executableFrom } : {}),
    view: renderTypedData({
      descriptor,
      domain: manifestDomain({ chainId, guard }),
      types: manifestTypes,
      primaryType: 'Approval',
      message,
    }),
    domainHash: domainSeparator({ chainId, guard }),
    messageHash: hashStruct({ data: message, primaryType: 'Approval', types: manifestTypes }),
    digest: approvalDigest({ manifestId, chainId, guard }),
  };
}

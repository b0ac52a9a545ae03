import {
  type Address,
  type Hex,
  type PublicClient,
  getAddress,
  hashMessage,
  hexToNumber,
  isHex,
  recoverAddress,
  size,
  slice,
  toHex,
  concat,
} from 'viem';

import { safeAbi } from '../../src/generated/safe.js';
import { TxServiceRequestError } from './errors.js';

/** How an owner signed, in the Transaction Service's words. */
export type SignatureType = 'EOA' | 'ETH_SIGN' | 'APPROVED_HASH' | 'CONTRACT_SIGNATURE';

/** One owner's part of a Safe signatures blob. */
export type ParsedSignature = {
  owner: Address;
  /** The 65 bytes `r ++ s ++ v` exactly as the Safe reads them. */
  signature: Hex;
  signatureType: SignatureType;
};

/** A signatures blob the service cannot read. */
export class SignatureFormatError extends TxServiceRequestError {
  override name = 'SignatureFormatError';
  constructor(message: string, status: 400 | 422) {
    super(status, message, 'nonFieldErrors');
  }
}

/**
 * Splits a Safe signatures blob into owners, the way the Safe's `checkNSignatures` reads it: 65 bytes per owner;
 * `v = 27/28` an EIP-712 ECDSA signature of the safeTxHash, `v > 30` an `eth_sign` signature of it (`v - 4`),
 * `v = 1` an approved hash whose owner is `r`. Contract signatures (`v = 0`, EIP-1271) are refused.
 *
 * @example
 * const [{ owner, signatureType }] = await parseSignatures(signature, safeTxHash);
 */
export async function parseSignatures(
  signatures: Hex,
  safeTxHash: Hex,
  status: 400 | 422 = 422,
): Promise<ParsedSignature[]> {
  if (!isHex(signatures) || size(signatures) === 0 || size(signatures) % 65 !== 0)
    throw new SignatureFormatError(
      `Signature=${String(signatures).slice(0, 20)}… is not a whole number of 65-byte signatures (r, s, v).`,
      status,
    );
  const parsed: ParsedSignature[] = [];
  for (let offset = 0; offset < size(signatures); offset += 65) {
    const signature = slice(signatures, offset, offset + 65);
    const r = slice(signature, 0, 32);
    const s = slice(signature, 32, 64);
    const v = hexToNumber(slice(signature, 64, 65));
    if (v === 0)
      throw new SignatureFormatError(
        'Contract signatures (v=0, EIP-1271) are not accepted by this local Transaction Service. ' +
          'Sign with an owner key (EIP-712 or eth_sign) or approve the hash on chain (approveHash).',
        status,
      );
    if (v === 1) {
      parsed.push({ owner: getAddress(slice(r, 12, 32)), signature, signatureType: 'APPROVED_HASH' });
    } else if (v === 27 || v === 28) {
      const owner = await recoverAddress({ hash: safeTxHash, signature });
      parsed.push({ owner, signature, signatureType: 'EOA' });
    } else if (v === 31 || v === 32) {
      const owner = await recoverAddress({
        hash: hashMessage({ raw: safeTxHash }),
        signature: concat([r, s, toHex(v - 4, { size: 1 })]),
      });
      parsed.push({ owner, signature, signatureType: 'ETH_SIGN' });
    } else {
      throw new SignatureFormatError(
        `Signature=${signature} has v=${v}: a Safe reads 0 (contract), 1 (approved hash), 27/28 (EIP-712) or 31/32 (eth_sign).`,
        status,
      );
    }
  }
  return parsed;
}

/**
 * Whether a parsed signature holds on chain now: an approved hash needs `approvedHashes(owner, safeTxHash) != 0`
 * on the Safe; ECDSA signatures are valid by recovery.
 */
export async function signatureHolds(
  publicClient: PublicClient,
  safe: Address,
  safeTxHash: Hex,
  parsed: ParsedSignature,
): Promise<boolean> {
  if (parsed.signatureType !== 'APPROVED_HASH') return true;
  const approved = (await publicClient.readContract({
    address: safe,
    abi: safeAbi,
    functionName: 'approvedHashes',
    args: [parsed.owner, safeTxHash],
  })) as bigint;
  return approved !== 0n;
}

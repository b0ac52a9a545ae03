import fc from 'fast-check';
import { type Hex, concat, hexToNumber, numberToHex, slice, toHex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, test } from 'vitest';

import { encodeSignatures, preValidatedSignature } from '../../src/queue/signer.js';
import { type SignatureType, SignatureFormatError, parseSignatures } from './signatures.js';

/** secp256k1 group order. */
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

const withVPlus4 = (signature: Hex) =>
  concat([slice(signature, 0, 64), toHex(hexToNumber(slice(signature, 64, 65)) + 4, { size: 1 })]);

describe('parseSignatures', () => {
  test('property: every owner comes back, in blob order, with the way it signed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.bigInt({ min: 1n, max: N - 1n }), { minLength: 1, maxLength: 3 }),
        fc.array(fc.constantFrom<SignatureType>('EOA', 'ETH_SIGN', 'APPROVED_HASH'), { minLength: 3, maxLength: 3 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        async (keys, kinds, hashBytes) => {
          const safeTxHash = toHex(hashBytes);
          const owners = keys.map((key) => privateKeyToAccount(numberToHex(key, { size: 32 })));
          const signed = await Promise.all(
            owners.map(async (owner, index) => {
              const kind = kinds[index]!;
              const signature =
                kind === 'APPROVED_HASH'
                  ? preValidatedSignature(owner.address)
                  : kind === 'EOA'
                    ? await owner.sign({ hash: safeTxHash })
                    : withVPlus4(await owner.signMessage({ message: { raw: safeTxHash } }));
              return { owner: owner.address, signature, kind };
            }),
          );
          const blob = encodeSignatures(signed);
          const sorted = [...signed].sort((a, b) => (BigInt(a.owner) < BigInt(b.owner) ? -1 : 1));
          const parsed = await parseSignatures(blob, safeTxHash);
          expect(parsed.map((p) => [p.owner, p.signatureType, p.signature])).toEqual(
            sorted.map((s) => [s.owner, s.kind, s.signature]),
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  describe('errors', () => {
    const hash = `0x${'ab'.repeat(32)}` as Hex;
    test.each([
      ['not 65 bytes', `0x${'11'.repeat(64)}`, /is not a whole number of 65-byte signatures/],
      ['a contract signature', `0x${'11'.repeat(64)}00`, /Contract signatures \(v=0, EIP-1271\) are not accepted/],
      ['an unknown v', `0x${'11'.repeat(64)}05`, /has v=5: a Safe reads 0 \(contract\), 1 \(approved hash\)/],
    ])('%s', async (_, signature, message) => {
      const error = await parseSignatures(signature as Hex, hash).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SignatureFormatError);
      expect((error as SignatureFormatError).status).toBe(422);
      expect((error as SignatureFormatError).message).toMatch(message);
    });
  });
});

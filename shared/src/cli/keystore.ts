import { createDecipheriv, pbkdf2Sync, scryptSync, timingSafeEqual } from 'node:crypto';

import { type Hex, bytesToHex, getAddress, hexToBytes, keccak256 } from 'viem';
import { privateKeyToAddress } from 'viem/accounts';

import { BaseError } from '../node.js';

/** The keystore cannot be read or decrypted. */
export class KeystoreError extends BaseError {
  override name = 'KeystoreError';
  constructor(problem: string, fix: string) {
    super(`Keystore: ${problem}`, { metaMessages: [fix] });
  }
}

export type DecryptKeystoreParameters = { keystore: string | unknown; password: string };
export type DecryptKeystoreReturnType = Hex;
export type DecryptKeystoreErrorType = KeystoreError;

type KdfParams = { dklen: number; salt: string; n?: number; r?: number; p?: number; c?: number; prf?: string };

/**
 * Decrypts a Web3 Secret Storage v3 keystore (what geth, Foundry's `cast wallet`, MetaMask and ethers write):
 * scrypt or PBKDF2-HMAC-SHA256 key derivation, the MAC `keccak256(derivedKey[16..32] ++ ciphertext)` checked
 * before anything is decrypted, AES-128-CTR. Returns the private key; checks it against the file's `address` when
 * the file has one.
 *
 * @throws {KeystoreError} for a file that is not a v3 keystore, an unsupported cipher or KDF, or a wrong password.
 *
 * @example
 * const key = decryptKeystore({ keystore: await readFile('deployer.json', 'utf8'), password });
 */
export function decryptKeystore({ keystore, password }: DecryptKeystoreParameters): DecryptKeystoreReturnType {
  const file = parse(keystore);
  const crypto = (file.crypto ?? file.Crypto) as Record<string, unknown> | undefined;
  if (file.version !== 3 || !crypto) {
    throw new KeystoreError(
      `version ${String(file.version)} with${crypto ? '' : 'out'} a "crypto" section is not a v3 keystore.`,
      'Use a Web3 Secret Storage v3 file (e.g. `cast wallet new <dir>` or geth `account new`).',
    );
  }
  if (crypto.cipher !== 'aes-128-ctr') {
    throw new KeystoreError(`cipher ${String(crypto.cipher)} is not supported.`, 'Use an aes-128-ctr keystore.');
  }
  const params = crypto.kdfparams as KdfParams;
  const salt = bytes(params?.salt, 'kdfparams.salt');
  const passwordBytes = Buffer.from(password.normalize('NFKC'), 'utf8');
  let derived: Buffer;
  if (crypto.kdf === 'scrypt') {
    const { n, r, p, dklen } = params as Required<KdfParams>;
    if (![n, r, p, dklen].every(Number.isSafeInteger)) {
      throw new KeystoreError('scrypt parameters n, r, p or dklen are missing.', 'Use an intact keystore file.');
    }
    // OpenSSL (node:crypto) requires n < 2^(16 r), as RFC 7914 does; geth, Foundry and ethers write n = 2^18, r = 8.
    if (n < 2 || (n & (n - 1)) !== 0 || Math.log2(n) >= 16 * r) {
      throw new KeystoreError(
        `scrypt parameters n=${n}, r=${r}, p=${p} are outside RFC 7914 (n must be a power of two below 2^(16·r)).`,
        'Re-encrypt the key with standard parameters (n=262144, r=8, p=1: `cast wallet import`, geth, ethers).',
      );
    }
    derived = scryptSync(passwordBytes, salt, dklen, { N: n, r, p, maxmem: 256 * n * r + 64 * 1024 * 1024 });
  } else if (crypto.kdf === 'pbkdf2') {
    if (params.prf !== 'hmac-sha256' || !Number.isSafeInteger(params.c)) {
      throw new KeystoreError(`PBKDF2 with ${String(params.prf)} is not supported.`, 'Use hmac-sha256 or scrypt.');
    }
    derived = pbkdf2Sync(passwordBytes, salt, params.c!, params.dklen, 'sha256');
  } else {
    throw new KeystoreError(`KDF ${String(crypto.kdf)} is not supported.`, 'Use a scrypt or pbkdf2 keystore.');
  }
  if (derived.length < 32) throw new KeystoreError('dklen is below 32.', 'Use an intact keystore file.');
  const ciphertext = bytes(crypto.ciphertext, 'ciphertext');
  const mac = hexToBytes(keccak256(Buffer.concat([derived.subarray(16, 32), ciphertext])));
  const expected = bytes(crypto.mac, 'mac');
  if (expected.length !== mac.length || !timingSafeEqual(expected, mac)) {
    throw new KeystoreError(
      'the password does not open this keystore (MAC mismatch).',
      'Check MANIFEST_GUARD_KEYSTORE_PASSWORD, and that the file is the one you meant (not truncated or edited).',
    );
  }
  const iv = bytes((crypto.cipherparams as { iv?: unknown } | undefined)?.iv, 'cipherparams.iv');
  const decipher = createDecipheriv('aes-128-ctr', derived.subarray(0, 16), iv);
  const key = bytesToHex(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
  if (typeof file.address === 'string' && /^(0x)?[0-9a-fA-F]{40}$/.test(file.address)) {
    const address = getAddress(file.address.startsWith('0x') ? file.address : `0x${file.address}`);
    if (privateKeyToAddress(key) !== address) {
      throw new KeystoreError(
        `the decrypted key belongs to ${privateKeyToAddress(key)}, not the file's address ${address}.`,
        'The file was edited: use an intact keystore.',
      );
    }
  }
  return key;
}

function parse(keystore: unknown): Record<string, unknown> {
  let value = keystore;
  if (typeof keystore === 'string') {
    try {
      value = JSON.parse(keystore);
    } catch (error) {
      throw new KeystoreError(`not JSON (${(error as Error).message}).`, 'Pass the keystore file itself.');
    }
  }
  if (typeof value !== 'object' || value === null) {
    throw new KeystoreError('not a JSON object.', 'Pass a Web3 Secret Storage v3 keystore file.');
  }
  return value as Record<string, unknown>;
}

function bytes(value: unknown, field: string): Buffer {
  if (typeof value !== 'string' || !/^(0x)?([0-9a-fA-F]{2})*$/.test(value)) {
    throw new KeystoreError(`"${field}" is not hex.`, 'Use an intact keystore file.');
  }
  return Buffer.from(value.replace(/^0x/, ''), 'hex');
}

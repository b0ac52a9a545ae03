import { createCipheriv, randomBytes, randomUUID, scryptSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type Hex, concat, keccak256, recoverTypedDataAddress, toHex } from 'viem';
import { privateKeyToAddress } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

import { KeystoreError, decryptKeystore } from '../../shared/src/cli/keystore.js';
import { manifestDomain, manifestTypes } from '../../shared/src/hashing/manifestTypes.js';
import { cli } from './cli.js';

vi.setConfig({ testTimeout: 60_000 });

/** A Web3 Secret Storage v3 keystore, encrypted here with node:crypto the way geth and Foundry write one. */
function encryptKeystore(key: Hex, password: string, { n = 262_144, r = 8, p = 1 } = {}) {
  const salt = randomBytes(32);
  const iv = randomBytes(16);
  const derived = scryptSync(password, salt, 32, { N: n, r, p, maxmem: 512 * 1024 * 1024 });
  const cipher = createCipheriv('aes-128-ctr', derived.subarray(0, 16), iv);
  const ciphertext = Buffer.concat([cipher.update(Buffer.from(key.slice(2), 'hex')), cipher.final()]);
  return {
    version: 3,
    id: randomUUID(),
    address: privateKeyToAddress(key).slice(2).toLowerCase(),
    crypto: {
      cipher: 'aes-128-ctr',
      cipherparams: { iv: iv.toString('hex') },
      ciphertext: ciphertext.toString('hex'),
      kdf: 'scrypt',
      kdfparams: { dklen: 32, n, r, p, salt: salt.toString('hex') },
      mac: keccak256(concat([toHex(derived.subarray(16, 32)), toHex(ciphertext)])).slice(2),
    },
  };
}

const key: Hex = toHex(randomBytes(32));
const password = 'correct horse battery staple';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'manifest-guard-keystore-'));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('decryptKeystore', () => {
  test('default: a keystore made here with the geth / Foundry parameters (scrypt n=2^18, r=8, p=1)', () => {
    expect(decryptKeystore({ keystore: JSON.stringify(encryptKeystore(key, password)), password })).toBe(key);
  });

  test('the Web3 Secret Storage PBKDF2 test vector', () => {
    const keystore = {
      crypto: {
        cipher: 'aes-128-ctr',
        cipherparams: { iv: '6087dab2f9fdbbfaddc31a909735c1e6' },
        ciphertext: '5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46',
        kdf: 'pbkdf2',
        kdfparams: {
          c: 262144,
          dklen: 32,
          prf: 'hmac-sha256',
          salt: 'ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd',
        },
        mac: '517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2',
      },
      id: '3198bc9c-6672-5ab3-d995-4942343ae5b6',
      version: 3,
    };
    expect(decryptKeystore({ keystore, password: 'testpassword' })).toBe(
      '0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d',
    );
  });

  describe('errors', () => {
    const keystore = encryptKeystore(key, password, { n: 1024 });

    test('a wrong password: MAC mismatch, nothing decrypted', () => {
      expect(() => decryptKeystore({ keystore, password: 'wrong' })).toThrowError(
        'Keystore: the password does not open this keystore (MAC mismatch).',
      );
    });

    test('an edited address', () => {
      const edited = { ...keystore, address: privateKeyToAddress(toHex(randomBytes(32))).slice(2) };
      expect(() => decryptKeystore({ keystore: edited, password })).toThrowError(/not the file's address/);
    });

    test('scrypt parameters OpenSSL refuses (n >= 2^(16 r)) are named', () => {
      const odd = {
        ...keystore,
        crypto: { ...keystore.crypto, kdfparams: { ...keystore.crypto.kdfparams, n: 262144, r: 1, p: 8 } },
      };
      const error = (() => {
        try {
          decryptKeystore({ keystore: odd, password });
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(KeystoreError);
      expect((error as KeystoreError).shortMessage).toContain('n=262144, r=1, p=8 are outside RFC 7914');
    });

    test('not a v3 keystore', () => {
      expect(() => decryptKeystore({ keystore: { version: 1 }, password })).toThrowError(/is not a v3 keystore/);
    });
  });
});

describe('manifest-guard --keystore', () => {
  const id = `0x${'ab'.repeat(32)}` as Hex;
  const guard = '0x5B3120d0dA5FDcBA7aef87A9c3c64829C1c0D76B';
  const sign = (path: string, env: Record<string, string>) =>
    cli(['approve', '--id', id, '--guard', guard, '--chain-id', '31337', '--sign', '--keystore', path, '--json'], env);

  test("signs an approval offline as the keystore's account", async () => {
    const path = join(dir, 'approver.json');
    await writeFile(path, JSON.stringify(encryptKeystore(key, password, { n: 16_384 })));
    const { code, json, stderr } = await sign(path, { MANIFEST_GUARD_KEYSTORE_PASSWORD: password });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(json).toMatchObject({ manifestId: id, approver: privateKeyToAddress(key), chainId: 31337, guard });
    const recovered = await recoverTypedDataAddress({
      domain: manifestDomain({ chainId: 31337, guard }),
      types: manifestTypes,
      primaryType: 'Approval',
      message: { manifestId: id },
      signature: json.signature,
    });
    expect(recovered).toBe(privateKeyToAddress(key));
  });

  test('a wrong password, or none: exit 2 with what to do', async () => {
    const path = join(dir, 'other.json');
    await writeFile(path, JSON.stringify(encryptKeystore(key, password, { n: 16_384 })));
    const [wrong, none] = await Promise.all([sign(path, { MANIFEST_GUARD_KEYSTORE_PASSWORD: 'nope' }), sign(path, {})]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('error: Keystore: the password does not open this keystore (MAC mismatch).');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--keystore needs its password in MANIFEST_GUARD_KEYSTORE_PASSWORD.');
  });
});

import { readFile } from 'node:fs/promises';

import type { Hex, LocalAccount } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

import { CliFileError, KeyMissingError, UsageError } from './errors.js';
import { decryptKeystore } from './keystore.js';

export const privateKeyVariable = 'MANIFEST_GUARD_PRIVATE_KEY';
export const keystorePasswordVariable = 'MANIFEST_GUARD_KEYSTORE_PASSWORD';

export type LoadAccountParameters = {
  env: NodeJS.ProcessEnv;
  keystore?: string;
};

/**
 * The signer: the key in MANIFEST_GUARD_PRIVATE_KEY, or the keystore file decrypted with
 * MANIFEST_GUARD_KEYSTORE_PASSWORD. Never from the command line. `undefined` when neither is configured.
 *
 * @throws {UsageError} for a malformed key, both sources at once, or a keystore without its password.
 * @throws {KeystoreError} when the keystore does not open.
 */
export async function loadAccount({ env, keystore }: LoadAccountParameters): Promise<LocalAccount | undefined> {
  const key = env[privateKeyVariable]?.trim();
  if (keystore) {
    if (key) {
      throw new UsageError(
        `Both --keystore and ${privateKeyVariable} are set.`,
        'Use one signer: unset the variable or drop --keystore.',
      );
    }
    const password = env[keystorePasswordVariable];
    if (password === undefined) {
      throw new UsageError(
        `--keystore needs its password in ${keystorePasswordVariable}.`,
        'Set the variable (from your CI secret store); the password is never read from the command line.',
      );
    }
    let text: string;
    try {
      text = await readFile(keystore, 'utf8');
    } catch (error) {
      throw new CliFileError(keystore, `cannot be read (${(error as NodeJS.ErrnoException).code})`, 'Check the path.');
    }
    return privateKeyToAccount(decryptKeystore({ keystore: text, password }));
  }
  if (!key) return undefined;
  const hex = (key.startsWith('0x') ? key : `0x${key}`) as Hex;
  if (!/^0x[0-9a-fA-F]{64}$/.test(hex)) {
    throw new UsageError(
      `${privateKeyVariable} is not a private key (0x followed by 64 hex digits).`,
      'Set it to the raw secp256k1 key of the signer.',
    );
  }
  return privateKeyToAccount(hex);
}

/** The signer a command needs. @throws {KeyMissingError} when none is configured. */
export async function requireAccount(
  parameters: LoadAccountParameters & { command: string; role: string },
): Promise<LocalAccount> {
  const account = await loadAccount(parameters);
  if (!account) throw new KeyMissingError(parameters.command, parameters.role);
  return account;
}

import { writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { privateKeyOf } from '../devnet/accounts.js';
import type { LocalDesk } from '../devnet/localDesk.js';

/** What the env file names: the desk on the chain and where its RPC and Transaction Service answer. */
export type DeskEnvSource = { desk: LocalDesk; rpcUrl: string; txServiceUrl: string };

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/**
 * Put first on the PATH by the env file: `manifest-guard` (`shared/bin`) and the installed tools (`cast`, `anvil`,
 * `forge` in `node_modules/.bin`), so the README's lines run from any directory.
 */
export const deskPathDirs = [join(repositoryRoot, 'shared', 'bin'), join(repositoryRoot, 'node_modules', '.bin')];

/**
 * The shell variables a release engineer needs to drive the desk from a terminal, by name: the RPC and Transaction
 * Service (`MANIFEST_GUARD_*`), the guard and Safe, each proxy with its v1 and v2 implementation, and each role's
 * development key. The README's release-engineer block uses exactly these names.
 */
export function deskVariables(running: DeskEnvSource): [name: string, value: string][] {
  const { desk } = running;
  const { accounts, proxies, implementations } = desk;
  return [
    ['MANIFEST_GUARD_RPC', running.rpcUrl],
    ['MANIFEST_GUARD_TX_SERVICE', running.txServiceUrl],
    ['G', desk.guard],
    ['SAFE', desk.safe],
    ['POOL', proxies.transparent.proxy],
    ['POOL_V1', implementations.poolV1],
    ['POOL_V2', implementations.poolV2],
    ['VAULT', proxies.uups.proxy],
    ['VAULT_V1', implementations.vaultV1],
    ['VAULT_V2', implementations.vaultV2],
    ['BEACON_PROXY', proxies.beacon.proxy],
    ['PROPOSER_KEY', privateKeyOf(accounts.proposer)],
    ['APPROVER_KEY_1', privateKeyOf(accounts.approvers[0])],
    ['APPROVER_KEY_2', privateKeyOf(accounts.approvers[1])],
    ['EXECUTOR_KEY', privateKeyOf(accounts.executor)],
    ['GUARDIAN_KEY', privateKeyOf(accounts.guardian)],
    ['OWNER_KEY_1', privateKeyOf(accounts.owners[0])],
    ['OWNER_KEY_2', privateKeyOf(accounts.owners[1])],
  ];
}

/**
 * Writes `<outDir>/desk.env`: `source` it in a shell to get the desk's variables, and `manifest-guard` and `cast` on
 * the PATH.
 * Returns its path.
 *
 * @example
 * const path = await writeDeskEnv(running, options.outDir); // then: source /tmp/manifest-guard-desk/desk.env
 */
export async function writeDeskEnv(running: DeskEnvSource, outDir: string): Promise<string> {
  const path = join(outDir, 'desk.env');
  const lines = [
    '# The local release desk (`npm start`). Development keys: they exist only on this local chain.',
    `export PATH=${deskPathDirs.map(quote).join(':')}:"$PATH"`,
    ...deskVariables(running).map(([name, value]) => `export ${name}=${quote(value)}`),
  ];
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

/** A POSIX shell single-quoted word. */
function quote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

import { readFile } from 'node:fs/promises';

import { NetworkFileUnreadableError } from './errors.js';
import { type OzNetworkFile, parseNetworkFile } from './networkFile.js';

/**
 * Reads and parses a network file of OpenZeppelin's Upgrades plugins from disk (`parseNetworkFile`).
 *
 * @throws {NetworkFileUnreadableError} when the file cannot be read, is not JSON, or not the plugins' shape.
 * @example
 * const network = await readNetworkFile('.openzeppelin/unknown-31337.json');
 */
export async function readNetworkFile(path: string): Promise<OzNetworkFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new NetworkFileUnreadableError(
      path,
      code === 'ENOENT' ? 'there is no such file' : `it cannot be read (${code ?? (error as Error).message})`,
    );
  }
  return parseNetworkFile({ text, file: path });
}

import { readFile } from 'node:fs/promises';

import { type ForgeBroadcast, parseBroadcast } from './broadcast.js';
import { BroadcastFileError } from './errors.js';

/**
 * Reads and checks a `forge script` broadcast file (`parseBroadcast`).
 *
 * @throws {BroadcastFileError} when the file is missing, empty, not JSON, or not a broadcast (with the path of each
 * problem).
 * @example
 * const broadcast = await readBroadcast('broadcast/Upgrade.s.sol/31337/dry-run/run-latest.json');
 */
export async function readBroadcast(file: string): Promise<ForgeBroadcast> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BroadcastFileError(file, [
      {
        path: '(file)',
        message:
          code === 'ENOENT'
            ? 'does not exist. Run the script first (forge script <script> --rpc-url <url> --sender <safe>).'
            : `cannot be read (${code ?? String(error)}).`,
      },
    ]);
  }
  if (text.trim() === '') throw new BroadcastFileError(file, [{ path: '(root)', message: 'the file is empty.' }]);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new BroadcastFileError(file, [{ path: '(root)', message: `is not JSON (${(error as Error).message}).` }]);
  }
  return parseBroadcast(json, file);
}

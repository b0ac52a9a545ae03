import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, expect, test } from 'vitest';

import { BroadcastFileError } from './errors.js';
import { readBroadcast } from './readBroadcast.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'manifest-guard-broadcast-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const refusal = async (file: string) => {
  const error = await readBroadcast(file).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(BroadcastFileError);
  return (error as BroadcastFileError).message;
};

test('errors: a missing, an empty and a non-JSON file, each named with what to do', async () => {
  const missing = join(dir, 'missing.json');
  expect(await refusal(missing)).toContain(
    `${missing} is not a forge script broadcast: 1 problem.\n\n(file): does not exist. Run the script first`,
  );
  await writeFile(join(dir, 'empty.json'), '\n');
  expect(await refusal(join(dir, 'empty.json'))).toContain(
    'empty.json is not a forge script broadcast: 1 problem.\n\n(root): the file is empty.',
  );
  await writeFile(join(dir, 'text.json'), 'SIMULATION COMPLETE');
  expect(await refusal(join(dir, 'text.json'))).toMatch(/\n\(root\): is not JSON \(Unexpected token/);
});

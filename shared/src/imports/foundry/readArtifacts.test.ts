import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type Abi, encodeFunctionData, getAddress, parseAbi } from 'viem';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { decodeSafeCall } from './decodeCall.js';
import { ArtifactsDirectoryError } from './errors.js';
import { readArtifacts } from './readArtifacts.js';
import type { BroadcastSafeCall } from './safeCalls.js';

const poolAbi = parseAbi(['function setFee(uint256 feeBps)', 'event FeeSet(uint256 feeBps)']);
const safe = getAddress('0x4a4673290f7bb748ec405a632450ed98349775da');
const pool = getAddress('0xf56aa3aceddf88ab12e494d0b96da3c09a5d264e');

let out: string;
beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'manifest-guard-artifacts-'));
  await mkdir(join(out, 'Pool.sol'));
  await mkdir(join(out, 'build-info'));
  await mkdir(join(out, 'Events.sol'));
  await writeFile(join(out, 'Pool.sol', 'Pool.0.8.30.json'), JSON.stringify({ abi: poolAbi, bytecode: {} }));
  await writeFile(join(out, 'Events.sol', 'Events.json'), JSON.stringify({ abi: [poolAbi[1]] }));
  await writeFile(join(out, 'build-info', 'abc.json'), JSON.stringify({ abi: poolAbi }));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

test('default: each <File>.sol/<Contract>.json with functions; build-info and event-only ABIs left out', async () => {
  expect(await readArtifacts(out)).toEqual([{ contract: 'Pool', source: 'Pool.sol', abi: poolAbi as Abi }]);
});

test("decodeSafeCall: a call the library's ABIs do not know, decoded with the script's artifact", async () => {
  const call: BroadcastSafeCall = {
    number: 2,
    call: 1,
    kind: 'CALL',
    from: safe,
    to: pool,
    value: 0n,
    data: encodeFunctionData({ abi: poolAbi, functionName: 'setFee', args: [42n] }),
  };
  expect(decodeSafeCall({ call, safe }).summary).toBe(`Call ${pool} with unknown selector 0x69fe0e2d`);
  expect(decodeSafeCall({ call, safe, artifacts: await readArtifacts(out) }).summary).toBe(
    `Call Pool.setFee(feeBps=42) on ${pool}`,
  );
});

describe('errors', () => {
  test('a missing directory, a directory without artifacts', async () => {
    await expect(readArtifacts(join(out, 'nope'))).rejects.toThrow(
      new ArtifactsDirectoryError(join(out, 'nope'), 'there is no such directory.'),
    );
    await expect(readArtifacts(join(out, 'build-info'))).rejects.toThrow(
      'holds no <File>.sol/<Contract>.json with functions in its "abi".',
    );
  });
});

import fc from 'fast-check';
import { keccak256, stringToBytes } from 'viem';
import { describe, expect, test } from 'vitest';

import { parseReleasePackage } from '../package/parseReleasePackage.js';
import { propertyRuns, propertyTimeout, releasePackageArbitrary } from '../package/releasePackage.arbitrary.js';
import { TxBuilderBatchError, parseTxBuilderBatch } from './batchFile.js';
import { txBuilderChecksum, verifyTxBuilderChecksum } from './checksum.js';
import { PhaseNotFoundError, exportTxBuilderBatch } from './exportTxBuilderBatch.js';
import { TxBuilderImportError, batchToSteps, importTxBuilderBatch } from './importTxBuilderBatch.js';

const pkg = parseReleasePackage({
  schemaVersion: 1,
  chainId: 31337,
  safe: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  guard: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
  title: 'Pool v2',
  kind: 'Release',
  ticket: 'REL-42',
  notBefore: '2025-06-01T12:00:00Z',
  expiry: '2025-07-01T12:00:00Z',
  rollback: `0x${'11'.repeat(32)}`,
  evidence: `0x${'22'.repeat(32)}`,
  phases: [
    {
      steps: [{ to: '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0', data: '0x3659cfe6' }],
      checks: [
        {
          kind: 'codeHash',
          target: '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0',
          expected: `0x${'33'.repeat(32)}`,
          response: 'rollback',
        },
      ],
      minSoak: 3600,
    },
    {
      steps: [
        { to: '0x9641d764fc13c8B624c04430C7356C1C7C8102e2', operation: 'delegatecall', data: '0x8d80ff0a' },
        { to: '0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9', value: '7', data: '0x' },
      ],
    },
  ],
});

test('default', () => {
  const { batch, sidecar } = exportTxBuilderBatch({ pkg, createdAt: 1748779200000 });
  expect(batch).toMatchInlineSnapshot(`
    {
      "chainId": "31337",
      "createdAt": 1748779200000,
      "meta": {
        "checksum": "0x33c84a0cc23e5cfdadae43fedf00012fccc1c6b8032ba34d656cab4d4e00975e",
        "createdFromSafeAddress": "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        "description": "REL-42",
        "name": "Pool v2",
      },
      "transactions": [
        {
          "data": "0x3659cfe6",
          "to": "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0",
          "value": "0",
        },
        {
          "data": "0x8d80ff0a",
          "to": "0x9641d764fc13c8B624c04430C7356C1C7C8102e2",
          "value": "0",
        },
        {
          "data": "0x",
          "to": "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9",
          "value": "7",
        },
      ],
      "version": "1.0",
    }
  `);
  expect(verifyTxBuilderChecksum(batch)).toBe(true);
  expect(sidecar.package.phases).toMatchObject([
    { steps: [{ batchIndex: 0, operation: 'call' }] },
    {
      steps: [
        { batchIndex: 1, operation: 'delegatecall' },
        { batchIndex: 2, operation: 'call' },
      ],
    },
  ]);
  expect(importTxBuilderBatch({ batch: JSON.stringify(batch), sidecar: JSON.stringify(sidecar) })).toEqual(pkg);
});

test('args: one phase', () => {
  const { batch, sidecar } = exportTxBuilderBatch({ pkg, phase: 1, createdAt: 0 });
  expect(batch.meta.name).toBe('Pool v2 (phase 2 of 2)');
  expect(batch.transactions.map((transaction) => transaction.to)).toEqual([
    '0x9641d764fc13c8B624c04430C7356C1C7C8102e2',
    '0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9',
  ]);
  expect((sidecar.package.phases as { steps: unknown[] }[])[0]!.steps[0]).toMatchObject({
    to: pkg.phases[0]!.steps[0]!.to,
  });
  expect(importTxBuilderBatch({ batch, sidecar })).toEqual(pkg);
});

test('args: a batch without sidecar imports as calls', () => {
  const { batch } = exportTxBuilderBatch({ pkg, createdAt: 0 });
  expect(batchToSteps(parseTxBuilderBatch(batch)).map((step) => step.operation)).toEqual(['call', 'call', 'call']);
});

test(
  'property: import(export(x)) equals x, for every phase and for all steps',
  () => {
    fc.assert(
      fc.property(releasePackageArbitrary, fc.nat(), fc.boolean(), (x, pick, all) => {
        const phase = all ? undefined : pick % x.phases.length;
        const { batch, sidecar } = exportTxBuilderBatch({ pkg: x, phase, createdAt: 1 });
        const back = importTxBuilderBatch({ batch: JSON.stringify(batch), sidecar: JSON.stringify(sidecar) });
        expect(back).toEqual(x);
        expect(verifyTxBuilderChecksum(parseTxBuilderBatch(JSON.stringify(batch)))).toBe(true);
      }),
      { numRuns: propertyRuns },
    );
  },
  propertyTimeout,
);

describe('txBuilderChecksum', () => {
  test('default', () => {
    const batch = {
      version: '1.0',
      chainId: '1',
      createdAt: 5,
      meta: { name: 'x', description: 'd' },
      transactions: [{ to: '0x000000000000000000000000000000000000000A' as const, value: '0', data: '0x01' as const }],
    };
    // The Transaction Builder's serialisation: sorted keys as a JSON array, then each value and a comma.
    const serialized =
      '{["chainId","createdAt","meta","transactions","version"]"1",5,{["description","name"]"d",null,},' +
      '[{["data","to","value"]"0x01","0x000000000000000000000000000000000000000A","0",}],"1.0",}';
    expect(txBuilderChecksum(batch)).toBe(keccak256(stringToBytes(serialized)));
    expect(txBuilderChecksum({ ...batch, meta: { ...batch.meta, name: 'renamed', checksum: '0x' } })).toBe(
      txBuilderChecksum(batch),
    );
    expect(verifyTxBuilderChecksum(batch)).toBeUndefined();
  });
});

describe('errors', () => {
  test('an edited batch', () => {
    const { batch, sidecar } = exportTxBuilderBatch({ pkg, createdAt: 0 });
    const edited = structuredClone(batch);
    edited.transactions[0]!.data = '0x3659cfe7';
    edited.transactions.push({ to: pkg.safe, value: '0', data: '0x' });
    edited.chainId = '1';
    expect(verifyTxBuilderChecksum(edited)).toBe(false);
    expect(() => importTxBuilderBatch({ batch: edited, sidecar })).toThrowErrorMatchingInlineSnapshot(`
      [TxBuilderImportError: Cannot rebuild the release package from this batch and sidecar: 4 problems.

      batch.transactions: holds 4 transactions but the sidecar was written for 3. Use the batch exported with this sidecar.
      batch.transactions[0].data: differs from the calldata that was exported. The batch was edited: export it again from the package.
      batch.chainId: is 1 but the package is for chain 31337.
      batch.transactions[3]: is not a step of the sidecar's package. Remove it, or export the batch again from the package.]
    `);
  });

  test('a sidecar that is not one', () => {
    const { batch } = exportTxBuilderBatch({ pkg, createdAt: 0 });
    let error: unknown;
    try {
      importTxBuilderBatch({ batch, sidecar: { format: 'other' } });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TxBuilderImportError);
    expect((error as TxBuilderImportError).issues.map((issue) => issue.path)).toEqual([
      'sidecar.format',
      'sidecar.sidecarVersion',
      'sidecar.transactions',
      'sidecar.dataHashes',
      'sidecar.package',
    ]);
  });

  test('a malformed batch', () => {
    expect(() =>
      parseTxBuilderBatch({
        version: '1.0',
        chainId: 1,
        createdAt: 0,
        meta: { name: 'x' },
        transactions: [{ to: '0x12', value: 0 }],
      }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [TxBuilderBatchError: Invalid Transaction Builder batch: 3 problems.

      chainId: 1 is not a chain id string. Write it as a decimal string, e.g. "1".
      transactions[0].to: "0x12" is not an address (40 hex digits after 0x). Use the checksummed address the Safe calls.
      transactions[0].value: 0 is a number. Write it as a decimal string ("0") so that large values keep every digit.]
    `);
    expect(() => parseTxBuilderBatch('{')).toThrow(TxBuilderBatchError);
  });

  test('a phase that does not exist', () => {
    expect(() => exportTxBuilderBatch({ pkg, phase: 2 })).toThrow(PhaseNotFoundError);
  });
});

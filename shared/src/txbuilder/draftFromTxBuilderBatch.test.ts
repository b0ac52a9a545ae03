import { readFileSync } from 'node:fs';

import fc from 'fast-check';
import { type Address, encodeFunctionData, getAddress, zeroHash } from 'viem';
import { describe, expect, test } from 'vitest';

import { recordedDesk, txBuilderBatchFixturePath } from '../../../test/support/txBuilderBatchFixture.js';
import { upgradeableBeaconAbi } from '../generated/index.js';
import { multiSendAbi } from '../generated/safe.js';
import { uupsAbi } from '../builders/upgradeSteps.js';
import {
  addressArbitrary,
  propertyRuns,
  propertyTimeout,
  releasePackageArbitrary,
} from '../package/releasePackage.arbitrary.js';
import { encodeMultiSend } from '../safe/multiSend.js';
import { type TxBuilderBatch, TxBuilderBatchError } from './batchFile.js';
import {
  EmptyTxBuilderBatchError,
  TxBuilderChainMismatchError,
  TxBuilderChecksumError,
  TxBuilderPhaseSizesError,
  TxBuilderSafeMismatchError,
} from './batchDraftErrors.js';
import { txBuilderChecksum } from './checksum.js';
import { ContractMethodDataError } from './contractMethodData.js';
import { draftFromTxBuilderBatch } from './draftFromTxBuilderBatch.js';
import { exportTxBuilderBatch } from './exportTxBuilderBatch.js';
import { importTxBuilderBatch } from './importTxBuilderBatch.js';

const safe: Address = '0x92baA7Ded3b8594DEF1cC946F5deCee95384A909';
const guard: Address = '0x5B3120d0dA5FDcBA7aef87A9c3c64829C1c0D76B';
const proxyAdmin: Address = '0x57aCbF46d3404AF0f565670F7744e86d9F81124E';
const transparentProxy: Address = '0xf56AA3aCedDf88Ab12E494d0B96DA3C09a5d264e';
const uupsProxy: Address = '0xdBD296711eC8eF9Aacb623ee3F1C0922dce0D7b2';
const beacon: Address = '0xDFD787c807DEA8d7e53311b779BC0c6a4704D286';
const poolV2: Address = '0x49B8E3b089d4ebf9F37B1dA9B839Ec013C2cD8c9';
const vaultV2: Address = '0x45009DD3aBBE29Db54fc5D893CeAa98a624882DF';
const multiSendCallOnly: Address = '0xA83c336B20401Af773B6219BA5027174338D1836';

const upgradeAndCallMethod = {
  inputs: [
    { internalType: 'contract ITransparentUpgradeableProxy', name: 'proxy', type: 'address' },
    { internalType: 'address', name: 'implementation', type: 'address' },
    { internalType: 'bytes', name: 'data', type: 'bytes' },
  ],
  name: 'upgradeAndCall',
  payable: true,
};

/** A batch as the Transaction Builder writes it: its checksum last, over the rest. */
function sealed(batch: Omit<TxBuilderBatch, 'meta'> & { meta: Omit<TxBuilderBatch['meta'], 'checksum'> }) {
  const withChecksum: TxBuilderBatch = structuredClone(batch);
  withChecksum.meta.checksum = txBuilderChecksum(withChecksum);
  return withChecksum;
}

const releaseBatch = sealed({
  version: '1.0',
  chainId: '31337',
  createdAt: 1761326849944,
  meta: {
    name: 'Pool and vault v2',
    description: 'REL-42',
    txBuilderVersion: '1.18.2',
    createdFromSafeAddress: safe,
    createdFromOwnerAddress: '',
  },
  transactions: [
    {
      to: proxyAdmin,
      value: '0',
      data: null,
      contractMethod: upgradeAndCallMethod,
      contractInputsValues: { proxy: transparentProxy, implementation: poolV2, data: '0x' },
    },
    {
      to: uupsProxy,
      value: '0',
      data: encodeFunctionData({ abi: uupsAbi, functionName: 'upgradeToAndCall', args: [vaultV2, '0x'] }),
    },
    {
      to: beacon,
      value: '0',
      data: null,
      contractMethod: {
        inputs: [{ internalType: 'address', name: 'newImplementation', type: 'address' }],
        name: 'upgradeTo',
        payable: false,
      },
      contractInputsValues: { newImplementation: poolV2 },
    },
  ],
});

const target = { chainId: 31337, safe, guard, multiSendCallOnly };

test('default', () => {
  const draft = draftFromTxBuilderBatch({ batch: JSON.stringify(releaseBatch, null, 2), ...target });
  expect(draft.title).toBe('Pool and vault v2');
  expect(draft.description).toBe('REL-42');
  expect(draft.checksum).toBe('verified');
  expect(draft.manifest).toEqual({
    kind: 0,
    ticket: '',
    rollback: zeroHash,
    evidence: zeroHash,
    phases: [
      {
        steps: [
          {
            to: proxyAdmin,
            value: 0n,
            operation: 0,
            data: encodeFunctionData({
              abi: [{ ...upgradeAndCallMethod, type: 'function', outputs: [], stateMutability: 'payable' }],
              functionName: 'upgradeAndCall',
              args: [transparentProxy, poolV2, '0x'],
            }),
          },
          { to: uupsProxy, value: 0n, operation: 0, data: releaseBatch.transactions[1]!.data },
          {
            to: beacon,
            value: 0n,
            operation: 0,
            data: encodeFunctionData({ abi: upgradeableBeaconAbi, functionName: 'upgradeTo', args: [poolV2] }),
          },
        ],
        checks: [],
        conditions: [],
        minSoak: 0n,
      },
    ],
  });
  expect(draft.decoded.map((call) => call.summary)).toMatchInlineSnapshot(`
    [
      "Upgrade proxy 0xf56AA3aCedDf88Ab12E494d0B96DA3C09a5d264e to implementation 0x49B8E3b089d4ebf9F37B1dA9B839Ec013C2cD8c9 through ProxyAdmin 0x57aCbF46d3404AF0f565670F7744e86d9F81124E",
      "Upgrade proxy 0xdBD296711eC8eF9Aacb623ee3F1C0922dce0D7b2 to implementation 0x45009DD3aBBE29Db54fc5D893CeAa98a624882DF",
      "Upgrade 0xDFD787c807DEA8d7e53311b779BC0c6a4704D286 (TransparentUpgradeableProxy (OZ v4) or UUPS proxy (OZ v4) or UpgradeableBeacon) to implementation 0x49B8E3b089d4ebf9F37B1dA9B839Ec013C2cD8c9",
    ]
  `);
});

test('a file the Transaction Builder exported (contractMethod, data null): its checksum holds, its calls decode', () => {
  const text = readFileSync(txBuilderBatchFixturePath, 'utf8');
  const draft = draftFromTxBuilderBatch({ batch: text, chainId: recordedDesk.chainId, safe: recordedDesk.safe });
  expect(draft.checksum).toBe('verified');
  expect(draft.title).toBe('Upgrade pool and vault to v2');
  expect(draft.manifest.phases[0]!.steps.map((step) => step.to)).toEqual([
    recordedDesk.proxyAdmin,
    recordedDesk.vault,
    recordedDesk.beacon,
  ]);
  expect(draft.decoded.map((call) => call.kind === 'call' && call.functionName)).toEqual([
    'upgradeAndCall',
    'upgradeToAndCall',
    'upgradeTo',
  ]);
  expect(draft.decoded[0]!.summary).toBe(
    `Upgrade proxy ${recordedDesk.pool} to implementation ${recordedDesk.poolV2} through ProxyAdmin ${recordedDesk.proxyAdmin}`,
  );
});

test('args: phase sizes split the transactions in order', () => {
  const draft = draftFromTxBuilderBatch({ batch: releaseBatch, ...target, phaseSizes: [1, 2] });
  expect(draft.manifest.phases.map((phase) => phase.steps.map((step) => step.to))).toEqual([
    [proxyAdmin],
    [uupsProxy, beacon],
  ]);
});

test('args: a MultiSend transaction decodes call by call, labelled', () => {
  const batch = sealed({
    version: '1.0',
    chainId: '31337',
    createdAt: 0,
    meta: { name: 'batched' },
    transactions: [
      {
        to: multiSendCallOnly,
        value: '0',
        data: encodeFunctionData({
          abi: multiSendAbi,
          functionName: 'multiSend',
          args: [
            encodeMultiSend([
              {
                to: beacon,
                value: 0n,
                data: encodeFunctionData({ abi: upgradeableBeaconAbi, functionName: 'upgradeTo', args: [poolV2] }),
              },
            ]),
          ],
        }),
      },
    ],
  });
  const [decoded] = draftFromTxBuilderBatch({ batch, ...target }).decoded;
  expect(decoded!.kind).toBe('multiSend');
  expect(decoded!.targetLabel).toBe('MultiSendCallOnly');
  expect(decoded!.summary).toContain(`1) Upgrade ${beacon}`);
});

test('args: without checksum or Safe, and addresses in lower case as a hand-written file has them', () => {
  const batch = {
    version: '1.0',
    chainId: '31337',
    createdAt: 0,
    meta: { name: 'by hand', createdFromSafeAddress: '' },
    transactions: [{ to: beacon.toLowerCase(), value: '7', data: '0x' }],
  };
  const draft = draftFromTxBuilderBatch({ batch, ...target });
  expect(draft.checksum).toBe('absent');
  expect(draft.manifest.phases[0]!.steps).toEqual([{ to: beacon, value: 7n, operation: 0, data: '0x' }]);
  expect(draft.decoded[0]!.kind).toBe('transfer');
  // The checksum covers the file as written: lower-case addresses included.
  const checked = { ...batch, meta: { ...batch.meta, createdFromSafeAddress: safe.toLowerCase() } };
  const withChecksum = {
    ...checked,
    meta: { ...checked.meta, checksum: txBuilderChecksum(checked as TxBuilderBatch) },
  };
  expect(draftFromTxBuilderBatch({ batch: withChecksum, ...target }).checksum).toBe('verified');
});

test(
  'property: export a phase, drop the sidecar, import the batch alone: the same steps, as calls',
  () => {
    fc.assert(
      fc.property(releasePackageArbitrary, fc.nat(), (pkg, pick) => {
        const phase = pick % pkg.phases.length;
        const { batch, sidecar } = exportTxBuilderBatch({ pkg, phase, createdAt: 1 });
        const draft = draftFromTxBuilderBatch({ batch: JSON.stringify(batch), chainId: pkg.chainId, safe: pkg.safe });
        expect(draft.manifest.phases).toHaveLength(1);
        expect(draft.manifest.phases[0]!.steps).toEqual(
          pkg.phases[phase]!.steps.map((step) => ({ to: step.to, value: step.value, operation: 0, data: step.data })),
        );
        expect(draft.decoded).toHaveLength(pkg.phases[phase]!.steps.length);
        expect(draft.checksum).toBe('verified');
        // With its sidecar, the same batch still restores the whole package (operations included).
        expect(importTxBuilderBatch({ batch: JSON.stringify(batch), sidecar })).toEqual(pkg);
      }),
      { numRuns: propertyRuns },
    );
  },
  propertyTimeout,
);

test(
  'property: another chain, another Safe or an edited transaction is refused with its own error',
  () => {
    const edits = fc.oneof(
      fc.record({ field: fc.constant('to' as const), value: addressArbitrary }),
      fc.record({ field: fc.constant('value' as const), value: fc.bigInt({ min: 1n, max: 2n ** 96n }) }),
      fc.record({ field: fc.constant('data' as const), value: fc.constantFrom('0x01', '0xdeadbeef') }),
    );
    fc.assert(
      fc.property(
        releasePackageArbitrary,
        fc.integer({ min: 1, max: 2 ** 40 }),
        addressArbitrary,
        edits,
        (pkg, chainId, other, edit) => {
          const { batch } = exportTxBuilderBatch({ pkg, phase: 0, createdAt: 1 });
          const chain = chainId === pkg.chainId ? chainId + 1 : chainId;
          expect(() => draftFromTxBuilderBatch({ batch, chainId: chain, safe: pkg.safe })).toThrow(
            TxBuilderChainMismatchError,
          );
          if (getAddress(other) !== pkg.safe) {
            expect(() => draftFromTxBuilderBatch({ batch, chainId: pkg.chainId, safe: other })).toThrow(
              TxBuilderSafeMismatchError,
            );
          }
          const edited = structuredClone(batch);
          const first = edited.transactions[0]!;
          const before = { ...first };
          if (edit.field === 'to') first.to = edit.value;
          if (edit.field === 'value') first.value = ((BigInt(first.value) + edit.value) % 2n ** 256n).toString();
          if (edit.field === 'data') first.data = first.data === edit.value ? '0x02' : edit.value;
          fc.pre(JSON.stringify(first) !== JSON.stringify(before));
          expect(() => draftFromTxBuilderBatch({ batch: edited, chainId: pkg.chainId, safe: pkg.safe })).toThrow(
            TxBuilderChecksumError,
          );
        },
      ),
      { numRuns: propertyRuns },
    );
  },
  propertyTimeout,
);

describe('errors', () => {
  const thrown = (batch: unknown, extra: { phaseSizes?: number[] } = {}): unknown => {
    try {
      draftFromTxBuilderBatch({ batch, ...target, ...extra });
    } catch (error) {
      return error;
    }
    throw new Error('expected the import to fail');
  };

  test('a batch for another chain', () => {
    const error = thrown(sealed({ ...releaseBatch, chainId: '1' }));
    expect(error).toBeInstanceOf(TxBuilderChainMismatchError);
    expect(error).toMatchInlineSnapshot(`
      [TxBuilderChainMismatchError: The batch is for chain 1, but the Safe is on chain 31337.

      Export the batch again from the Transaction Builder of the Safe on chain 31337, or connect to chain 1.]
    `);
  });

  test('a batch from another Safe', () => {
    const error = thrown(sealed({ ...releaseBatch, meta: { ...releaseBatch.meta, createdFromSafeAddress: guard } }));
    expect(error).toBeInstanceOf(TxBuilderSafeMismatchError);
    expect(error).toMatchInlineSnapshot(`
      [TxBuilderSafeMismatchError: The batch was created from Safe 0x5B3120d0dA5FDcBA7aef87A9c3c64829C1c0D76B, but this is Safe 0x92baA7Ded3b8594DEF1cC946F5deCee95384A909.

      Export the batch again from the Transaction Builder of Safe 0x92baA7Ded3b8594DEF1cC946F5deCee95384A909, or open Safe 0x5B3120d0dA5FDcBA7aef87A9c3c64829C1c0D76B.]
    `);
  });

  test('a Safe that is no address', () => {
    const error = thrown(
      sealed({ ...releaseBatch, meta: { ...releaseBatch.meta, createdFromSafeAddress: 'eth:0x12' } }),
    );
    expect(error).toBeInstanceOf(TxBuilderBatchError);
    expect((error as TxBuilderBatchError).issues).toEqual([
      {
        path: 'meta.createdFromSafeAddress',
        message:
          '"eth:0x12" is not an address (40 hex digits after 0x). Export the batch again from the Transaction Builder.',
      },
    ]);
  });

  test('a checksum that does not match: the file was edited', () => {
    const edited = structuredClone(releaseBatch);
    edited.transactions[0]!.contractInputsValues!.implementation = guard;
    const error = thrown(edited);
    expect(error).toBeInstanceOf(TxBuilderChecksumError);
    expect((error as TxBuilderChecksumError).shortMessage).toBe(
      `The batch's checksum ${releaseBatch.meta.checksum} does not match its content (which hashes to ${txBuilderChecksum(edited)}).`,
    );
    expect((error as TxBuilderChecksumError).metaMessages[0]).toContain('Export it again from the Transaction Builder');
  });

  test('a target that is no address, a value that is no decimal string', () => {
    for (const [transaction, path, value] of [
      [{ to: '0x12', value: '0', data: '0x' }, 'transactions[0].to', '"0x12"'],
      [{ to: beacon, value: '1.5', data: '0x' }, 'transactions[0].value', '"1.5"'],
      [{ to: beacon, value: '0x10', data: '0x' }, 'transactions[0].value', '"0x10"'],
      [{ to: beacon, value: 5, data: '0x' }, 'transactions[0].value', '5'],
    ] as const) {
      const error = thrown({ ...releaseBatch, meta: { name: 'x' }, transactions: [transaction] });
      expect(error).toBeInstanceOf(TxBuilderBatchError);
      const [issue] = (error as TxBuilderBatchError).issues;
      expect(issue!.path).toBe(path);
      expect(issue!.message.startsWith(`${value} is`)).toBe(true);
    }
  });

  test('no transactions', () => {
    const error = thrown(sealed({ ...releaseBatch, transactions: [] }));
    expect(error).toBeInstanceOf(EmptyTxBuilderBatchError);
    expect((error as EmptyTxBuilderBatchError).shortMessage).toBe('The batch "Pool and vault v2" has no transactions.');
  });

  test('a method value that does not encode', () => {
    const batch = structuredClone(releaseBatch);
    batch.transactions[0]!.contractInputsValues!.proxy = 'the pool';
    const error = thrown(sealed(batch));
    expect(error).toBeInstanceOf(ContractMethodDataError);
    expect((error as ContractMethodDataError).shortMessage).toContain(
      'Transaction 0 of the batch: cannot build upgradeAndCall',
    );
  });

  test('phase sizes that do not add up', () => {
    for (const phaseSizes of [[], [1, 1], [3, 0], [1, 3], [1.5, 1.5]]) {
      expect(thrown(releaseBatch, { phaseSizes })).toBeInstanceOf(TxBuilderPhaseSizesError);
    }
    expect((thrown(releaseBatch, { phaseSizes: [1, 1] }) as TxBuilderPhaseSizesError).shortMessage).toBe(
      "The phase sizes [1, 1] do not split the batch's 3 transactions into phases.",
    );
  });
});

import { readFileSync } from 'node:fs';

import { type Address, zeroHash } from 'viem';
import { describe, expect, test } from 'vitest';

import {
  exportTxBuilderBatch,
  parseReleasePackage,
  ReleasePackageError,
  serializeReleasePackage,
  TxBuilderChainMismatchError,
  TxBuilderImportError,
} from '../../../shared/src/index.js';
import { recordedDesk, txBuilderBatchFixturePath } from '../../../test/support/txBuilderBatchFixture.js';
import { WrongSafeError } from './buildUpgrade.js';
import { emptyDraft } from './draft.js';
import { ImportSelectionError, type ImportTarget, importDraft } from './importDraft.js';
import { UnrecognizedImportError } from './recognizeImport.js';

const guard: Address = '0x5B3120d0dA5FDcBA7aef87A9c3c64829C1c0D76B';
const target: ImportTarget = { safe: recordedDesk.safe, guard, chainId: recordedDesk.chainId, now: 1_767_225_600n };
const batchText = readFileSync(txBuilderBatchFixturePath, 'utf8');
const pkg = parseReleasePackage({
  schemaVersion: 1,
  chainId: target.chainId,
  safe: target.safe,
  guard,
  title: 'Pool v2',
  kind: 'Release',
  ticket: 'REL-42',
  notBefore: '2026-01-01T00:00:00Z',
  expiry: '2026-02-01T00:00:00Z',
  rollback: `0x${'11'.repeat(32)}`,
  evidence: `0x${'22'.repeat(32)}`,
  phases: [
    { steps: [{ to: recordedDesk.beacon, data: '0x3659cfe6' }] },
    { steps: [{ to: recordedDesk.vault, operation: 'delegatecall', data: '0x' }] },
  ],
});
const typed = { ...emptyDraft(1n), title: 'typed', evidenceJson: '{"ticket":"REL-1"}' };

describe('importDraft', () => {
  test('a batch alone: a new Release draft of its steps, the rest left to set', () => {
    const { apply, message } = importDraft([{ name: 'the file "batch.json"', text: batchText }], target);
    expect(message).toBe(
      '3 transactions from the Transaction Builder batch “Upgrade pool and vault to v2” became 3 steps of phase 1; ' +
        'set the ticket, the window, the rollback and the evidence before registering.',
    );
    const draft = apply(typed);
    const fresh = emptyDraft(target.now);
    expect(draft.title).toBe('Upgrade pool and vault to v2');
    expect(draft.evidenceJson).toBe('');
    expect(draft.manifest).toMatchObject({
      kind: 0,
      ticket: '',
      notBefore: fresh.manifest.notBefore,
      expiry: fresh.manifest.expiry,
      rollback: zeroHash,
      evidence: zeroHash,
    });
    expect(draft.manifest.phases[0]!.steps.map((step) => [step.to, step.operation])).toEqual([
      [recordedDesk.proxyAdmin, 0],
      [recordedDesk.vault, 0],
      [recordedDesk.beacon, 0],
    ]);
  });

  test('a release package: the whole draft, the evidence typed kept', () => {
    const { apply, message } = importDraft([{ name: 'the pasted text', text: serializeReleasePackage(pkg) }], target);
    expect(message).toBe('The release package “Pool v2” was imported: 2 steps in 2 phases.');
    expect(apply(typed)).toMatchObject({ title: 'Pool v2', evidenceJson: typed.evidenceJson });
    expect(apply(typed).manifest.ticket).toBe('REL-42');
  });

  test('a batch and its sidecar, in either field: the package rebuilt', () => {
    const { batch, sidecar } = exportTxBuilderBatch({ pkg, phase: 1 });
    const [b, s] = [JSON.stringify(batch), JSON.stringify(sidecar)];
    for (const sources of [
      [
        { name: 'the pasted text', text: b },
        { name: 'the pasted sidecar', text: s },
      ],
      [
        { name: 'the file "sidecar.json"', text: s },
        { name: 'the file "batch.json"', text: b },
      ],
    ]) {
      const { apply, message } = importDraft(sources, target);
      expect(message).toBe(
        'The Transaction Builder batch and its sidecar rebuilt the release package “Pool v2”: 2 steps in 2 phases.',
      );
      expect(apply(typed).manifest.phases[1]!.steps[0]!.operation).toBe(1);
    }
  });

  test('a sidecar beside a package is left alone', () => {
    const { sidecar } = exportTxBuilderBatch({ pkg });
    const sources = [
      { name: 'the pasted text', text: serializeReleasePackage(pkg) },
      { name: 'the pasted sidecar', text: JSON.stringify(sidecar) },
    ];
    expect(importDraft(sources, target).message).toContain('The release package “Pool v2” was imported');
  });
});

describe('errors', () => {
  const thrown = (sources: { name: string; text: string }[], to = target): unknown => {
    try {
      importDraft(sources, to);
    } catch (error) {
      return error;
    }
    throw new Error('expected the import to fail');
  };

  test('nothing, a sidecar alone, several things at once', () => {
    const { sidecar } = exportTxBuilderBatch({ pkg });
    expect(thrown([{ name: 'the pasted text', text: '  ' }])).toBeInstanceOf(ImportSelectionError);
    const alone = thrown([{ name: 'the file "s.json"', text: JSON.stringify(sidecar) }]);
    expect(alone).toBeInstanceOf(ImportSelectionError);
    expect((alone as ImportSelectionError).shortMessage).toBe(
      'The file "s.json" is a sidecar: it holds no transactions without the batch exported beside it.',
    );
    const two = thrown([
      { name: 'the file "a.json"', text: batchText },
      { name: 'the file "b.json"', text: batchText },
    ]);
    expect((two as ImportSelectionError).shortMessage).toBe(
      'Several things to import at once: the file "a.json", the file "b.json".',
    );
  });

  test('text that is no JSON, or JSON that is none of these', () => {
    const notJson = thrown([{ name: 'the pasted text', text: 'safe: 0x12' }]);
    expect(notJson).toBeInstanceOf(UnrecognizedImportError);
    expect((notJson as UnrecognizedImportError).shortMessage).toMatch(/^The pasted text is not JSON \(/);
    const other = thrown([{ name: 'the pasted text', text: '{"to":"0x12","data":"0x"}' }]);
    expect((other as UnrecognizedImportError).shortMessage).toBe(
      'The pasted text is neither a release package nor a Transaction Builder batch nor its sidecar (its keys: to, data).',
    );
    expect(thrown([{ name: 'the pasted text', text: '[1]' }])).toBeInstanceOf(UnrecognizedImportError);
  });

  test("the library's own errors come through: an invalid package, a batch for another chain, an edited batch", () => {
    expect(thrown([{ name: 'the pasted text', text: '{"schemaVersion": 1}' }])).toBeInstanceOf(ReleasePackageError);
    expect(thrown([{ name: 'the pasted text', text: batchText }], { ...target, chainId: 1 })).toBeInstanceOf(
      TxBuilderChainMismatchError,
    );
    const { batch, sidecar } = exportTxBuilderBatch({ pkg });
    batch.transactions[0]!.data = '0x3659cfe7';
    expect(
      thrown([
        { name: 'the pasted text', text: JSON.stringify(batch) },
        { name: 'the pasted sidecar', text: JSON.stringify(sidecar) },
      ]),
    ).toBeInstanceOf(TxBuilderImportError);
  });

  test('a package for another Safe, guard or chain', () => {
    const text = serializeReleasePackage(pkg);
    expect(thrown([{ name: 'the pasted text', text }], { ...target, safe: guard })).toBeInstanceOf(WrongSafeError);
    expect(thrown([{ name: 'the pasted text', text }], { ...target, guard: target.safe })).toBeInstanceOf(
      WrongSafeError,
    );
    expect(thrown([{ name: 'the pasted text', text }], { ...target, chainId: 1 })).toBeInstanceOf(WrongSafeError);
  });
});

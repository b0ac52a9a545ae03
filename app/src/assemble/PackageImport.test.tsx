import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';

import { type TxBuilderBatch, txBuilderChecksum } from '../../../shared/src/index.js';
import { txBuilderBatchForDesk } from '../../../test/support/txBuilderBatchFixture.js';
import { type TestDesk, resetPage, startDesk } from '../test/desk.js';
import { renderApp } from '../test/renderApp.js';

vi.setConfig({ testTimeout: 90_000 });

let t: TestDesk;
let batch: string;

beforeAll(async () => {
  t = await startDesk(8665);
  batch = txBuilderBatchForDesk(t.desk);
}, 120_000);
afterEach(() => resetPage());
afterAll(async () => {
  await t?.anvil.stop();
});

function open() {
  localStorage.setItem(
    'manifest-guard:standalone',
    JSON.stringify({ rpcUrl: t.anvil.rpcUrl, safe: t.desk.safe, signer: { kind: 'dev', index: 3 } }),
  );
  renderApp({ hash: '#/assemble' });
  return screen.findByTestId('release-fields', {}, { timeout: 15_000 });
}

const set = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });
const text = (testId: string) => screen.getByTestId(testId).textContent ?? '';
const value = (testId: string) => (screen.getByTestId(testId) as HTMLInputElement | HTMLTextAreaElement).value;
const jsonFile = (name: string, content: string) => new File([content], name, { type: 'application/json' });
/** The batch as the Transaction Builder of another Safe would export it (its own checksum). */
function fromSafe(safe: string): string {
  const { checksum: _, ...meta } = (JSON.parse(batch) as TxBuilderBatch).meta;
  const other = { ...(JSON.parse(batch) as TxBuilderBatch), meta: { ...meta, createdFromSafeAddress: safe } };
  return JSON.stringify({ ...other, meta: { ...other.meta, checksum: txBuilderChecksum(other) } });
}

const imported =
  '3 transactions from the Transaction Builder batch “Upgrade pool and vault to v2” became 3 steps of phase 1; ' +
  'set the ticket, the window, the rollback and the evidence before registering.';

/** The batch's three upgrades, decoded on the draft's steps as Assemble decodes the steps it builds. */
function expectDecodedUpgrades() {
  const { proxies, implementations } = t.desk;
  expect(screen.getAllByTestId('draft-step').map((step) => step.textContent)).toEqual([
    expect.stringContaining(
      `Upgrade proxy ${proxies.transparent.proxy} to implementation ${implementations.poolV2} through ProxyAdmin ${proxies.transparent.proxyAdmin}`,
    ),
    expect.stringContaining(`Upgrade proxy ${proxies.uups.proxy} to implementation ${implementations.vaultV2}`),
    expect.stringContaining(`Upgrade ${proxies.beacon.beacon} (`),
  ]);
}

describe('import a Transaction Builder batch without its sidecar', () => {
  test('pasted: one Import tells it is a batch; its steps decoded, what is missing listed; a failed import keeps what was typed', async () => {
    await open();
    set('draft-title', 'typed before');
    set('io-text', batch.replace('"chainId": "31337"', '"chainId": "1"'));
    fireEvent.click(screen.getByTestId('import'));
    // The edited chain breaks the Transaction Builder's checksum: refused, nothing the user typed is lost.
    expect(text('io-error')).toContain('does not match its content');
    expect(text('io-error')).toContain('Export it again from the Transaction Builder');
    expect(value('draft-title')).toBe('typed before');
    expect(value('io-text')).toContain('"chainId": "1"');
    expect(screen.queryAllByTestId('draft-step')).toHaveLength(0);

    set('io-text', batch);
    fireEvent.click(screen.getByTestId('import'));
    expect(screen.queryByTestId('io-error')).toBeNull();
    expect(text('io-imported')).toBe(imported);
    expect(value('draft-title')).toBe('Upgrade pool and vault to v2');
    expect(value('draft-kind')).toBe('0');
    expect(screen.getAllByTestId('draft-phase')).toHaveLength(1);
    expectDecodedUpgrades();
    expect(text('draft-blockers')).toContain('No evidence is sealed into the manifest');
    expect(text('draft-issues')).toContain('ticket: is empty.');
    set('draft-ticket', 'REL-43');
    expect(text('draft-issues')).toContain('rollback: is zero. A Release must name the id of its Rollback manifest');
    expect((screen.getByTestId('register') as HTMLButtonElement).disabled).toBe(true);
  });

  test('dropped on the card, or chosen with the file picker: read and imported the same way', async () => {
    await open();
    const card = screen.getByTestId('package-io');
    fireEvent.dragOver(card, { dataTransfer: { types: ['Files'], files: [] } });
    expect(card.dataset.dragging).toBe('true');
    fireEvent.drop(card, { dataTransfer: { files: [jsonFile('batch.json', batch)] } });
    await waitFor(() => expect(text('io-imported')).toBe(imported));
    expect(card.dataset.dragging).toBe('false');
    expectDecodedUpgrades();

    // A file from another Safe: refused with the file's verdict, the draft stays as it was.
    fireEvent.click(screen.getByTestId('discard-draft'));
    const other = fromSafe(t.desk.guard);
    fireEvent.change(screen.getByTestId('io-file'), { target: { files: [jsonFile('other.json', other)] } });
    await waitFor(() =>
      expect(text('io-error')).toContain(
        `The batch was created from Safe ${t.desk.guard}, but this is Safe ${t.desk.safe}.`,
      ),
    );
    expect(screen.queryByTestId('io-imported')).toBeNull();
    expect(screen.queryAllByTestId('draft-step')).toHaveLength(0);

    fireEvent.change(screen.getByTestId('io-file'), { target: { files: [jsonFile('batch.json', batch)] } });
    await waitFor(() => expect(text('io-imported')).toBe(imported));
    expectDecodedUpgrades();
  });
});

import { keccak256, stringToBytes } from 'viem';
import { describe, expect, test } from 'vitest';

import type { Manifest } from '../guard/manifest.js';
import { canonicalJson } from './canonicalJson.js';
import { evidenceCompleteness } from './evidenceCompleteness.js';
import { evidenceHash } from './evidenceHash.js';
import type { EvidencePacket } from './evidencePacket.js';

const data = '0x3659cfe6000000000000000000000000000000000000000000000000000000000000abcd' as const;
const manifest: Manifest = {
  kind: 0,
  ticket: 'REL-42',
  notBefore: 1748779200n,
  expiry: 1751371200n,
  rollback: `0x${'11'.repeat(32)}`,
  evidence: `0x${'00'.repeat(32)}`,
  phases: [
    { steps: [{ to: `0x${'22'.repeat(20)}`, value: 0n, operation: 0, data }], checks: [], conditions: [], minSoak: 0n },
  ],
};

const packet: EvidencePacket = {
  ticket: 'REL-42',
  implementations: [{ address: `0x${'33'.repeat(20)}`, codeHash: `0x${'44'.repeat(32)}`, name: 'PoolV2' }],
  calldataHashes: [{ phase: 0, step: 0, hash: keccak256(data) }],
  simulation: { success: true, events: ['Upgraded(0x3333…)'] },
  invariants: [{ name: 'reserves unchanged', category: 'balances' }],
  rollback: {
    rollbackManifestId: `0x${'11'.repeat(32)}`,
    signerSequence: [`0x${'55'.repeat(20)}`, `0x${'66'.repeat(20)}`],
    dependencyOrder: ['pool', 'vault'],
    fallbackThresholds: { privileged: 3 },
  },
  window: { notBefore: '2025-06-01T12:00:00Z', expiry: 1751371200 },
  approvals: [{ approver: 'alice', role: 'security review' }],
};

describe('evidenceHash', () => {
  test('default', () => {
    expect(evidenceHash(packet)).toBe(keccak256(stringToBytes(canonicalJson(packet))));
    expect(evidenceHash(packet)).toMatchInlineSnapshot(
      `"0x63fd473d822dbadd6e34df4b03100ee079e3dc7a67867f54b891b401013183f5"`,
    );
  });

  test('args: key order does not change the hash', () => {
    const reordered = Object.fromEntries(Object.entries(packet).reverse()) as EvidencePacket;
    expect(evidenceHash(reordered)).toBe(evidenceHash(packet));
  });
});

describe('evidenceCompleteness', () => {
  test('default', () => {
    expect(evidenceCompleteness(packet, { manifest })).toEqual([]);
  });

  test('args: an empty packet misses everything', () => {
    expect(evidenceCompleteness({}).map((gap) => gap.part)).toEqual([
      'ticket',
      'implementations',
      'calldataHashes',
      'simulation',
      'invariants',
      'rollback',
      'window',
      'approvals',
    ]);
  });

  test('args: a storage-layout report alone (what an import writes) is not a simulation', () => {
    const gaps = evidenceCompleteness({
      ...packet,
      simulation: { storageLayout: [{ implementation: '0x01', ok: true }] },
    });
    expect(gaps.map((gap) => gap.part)).toEqual(['simulation']);
  });

  test('args: a partial rollback artifact', () => {
    const gaps = evidenceCompleteness({
      ...packet,
      rollback: { rollbackManifestId: packet.rollback.rollbackManifestId },
    });
    expect(gaps.map((gap) => gap.part)).toEqual([
      'rollback.signerSequence',
      'rollback.dependencyOrder',
      'rollback.fallbackThresholds',
    ]);
  });

  test('args: a Rollback manifest need not name a rollback manifest', () => {
    const rollbackManifest: Manifest = { ...manifest, kind: 1, rollback: `0x${'00'.repeat(32)}` };
    const { rollbackManifestId: _, ...artifact } = packet.rollback;
    expect(evidenceCompleteness({ ...packet, rollback: artifact }, { manifest: rollbackManifest })).toEqual([]);
    expect(evidenceCompleteness({ ...packet, rollback: artifact }, { manifest })).toEqual([
      { part: 'rollback.rollbackManifestId', message: 'missing: add the id of the Rollback manifest.' },
    ]);
    expect(evidenceCompleteness(packet, { manifest: rollbackManifest })).toEqual([]);
  });

  test('args: a packet for another manifest', () => {
    const other: Manifest = {
      ...manifest,
      ticket: 'REL-43',
      expiry: manifest.expiry + 1n,
      phases: [{ ...manifest.phases[0]!, steps: [{ ...manifest.phases[0]!.steps[0]!, data: '0x' }] }],
    };
    expect(evidenceCompleteness(packet, { manifest: other })).toMatchInlineSnapshot(`
      [
        {
          "message": "is "REL-42" but the manifest's ticket is "REL-43": make them equal.",
          "part": "ticket",
        },
        {
          "message": "step 0 of phase 0 lists 0x55a2a4f392ee3623bcd5634ac917e5b7acbc9965c65e1a58a14dce10cf89966a but its calldata hashes to 0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470: the packet does not describe this manifest.",
          "part": "calldataHashes",
        },
        {
          "message": "is 2025-06-01T12:00:00Z to 1751371200 but the manifest's window is 1748779200 to 1751371201 (unix seconds): make them equal.",
          "part": "window",
        },
      ]
    `);
  });
});

import { type Hex, encodeFunctionData, getAddress, keccak256, parseAbi, stringToBytes, zeroHash } from 'viem';

import type { Manifest } from '../guard/manifest.js';
import type { EvidencePacket } from '../package/evidencePacket.js';
import { evidenceHash } from '../package/evidenceHash.js';

/**
 * A complete evidence packet for a manifest (tests and demos): calldata hashes, window and rollback id taken from
 * the manifest, the other parts filled with placeholders or `extra`.
 *
 * @example
 * const { manifest, evidence } = withEvidence(upgradeRelease(desk, now, rollbackId));
 */
export function evidenceFor(manifest: Manifest, extra: Partial<EvidencePacket> = {}): EvidencePacket {
  return {
    ticket: manifest.ticket,
    implementations: [{ address: '0x000000000000000000000000000000000000dEaD', codeHash: keccak256('0x00') }],
    calldataHashes: manifest.phases.flatMap((phase, p) =>
      phase.steps.map((step, s) => ({ phase: p, step: s, hash: keccak256(step.data) })),
    ),
    simulation: { summary: 'simulated on a fork' },
    invariants: [{ name: 'owner unchanged', category: 'permissions' }],
    rollback: {
      rollbackManifestId: manifest.rollback === zeroHash ? (`0x${'11'.repeat(32)}` as Hex) : manifest.rollback,
      signerSequence: ['0x000000000000000000000000000000000000dEaD'],
      dependencyOrder: ['pool'],
      fallbackThresholds: { privileged: 2 },
    },
    window: { notBefore: Number(manifest.notBefore), expiry: Number(manifest.expiry) },
    approvals: [{ approver: 'release engineering' }],
    ...extra,
  };
}

/** The manifest with its `evidence` set to the hash of `evidenceFor(manifest, extra)`, and that packet. */
export function withEvidence(
  manifest: Manifest,
  extra: Partial<EvidencePacket> = {},
): { manifest: Manifest; evidence: EvidencePacket } {
  const evidence = evidenceFor(manifest, extra);
  return { manifest: { ...manifest, evidence: evidenceHash(evidence) }, evidence };
}

/** A label's keccak256, for test ids. */
export const label = (text: string): Hex => keccak256(stringToBytes(text));

/** Fixed accounts of the gate's unit tests: the Safe, a ProxyAdmin, its proxy and the new implementation. */
export const fixture = {
  safe: getAddress('0x4444444444444444444444444444444444444444'),
  proxyAdmin: getAddress('0x1111111111111111111111111111111111111111'),
  proxy: getAddress('0x2222222222222222222222222222222222222222'),
  implementation: getAddress('0x3333333333333333333333333333333333333333'),
} as const;

const fixtureAbi = parseAbi(['function upgradeAndCall(address,address,bytes)', 'function setFee(uint256)']);

/** The fixture's upgrade step: `ProxyAdmin.upgradeAndCall(proxy, implementation, 0x)`. */
export const upgradeFixtureStep = {
  to: fixture.proxyAdmin,
  value: 0n,
  operation: 0,
  data: encodeFunctionData({
    abi: fixtureAbi,
    functionName: 'upgradeAndCall',
    args: [fixture.proxy, fixture.implementation, '0x'],
  }),
};

/** A plain step on the fixture's proxy: `setFee(50)`. */
export const setFeeFixtureStep = {
  to: fixture.proxy,
  value: 0n,
  operation: 0,
  data: encodeFunctionData({ abi: fixtureAbi, functionName: 'setFee', args: [50n] }),
};

import { type Address, type Hex, type PublicClient, getAddress, keccak256 } from 'viem';

import { codeHashOf } from '../builders/checks.js';
import type { EvidencePacket } from './evidencePacket.js';

export type DraftEvidenceParameters = {
  client: PublicClient;
  ticket: string;
  /** Every implementation the release installs (its runtime code hash is read from the chain). */
  implementations: readonly Address[];
  /** The manifest's steps, by phase (their calldata is hashed). */
  phases: readonly { steps: readonly { data: Hex }[] }[];
  /** A Release's Rollback manifest id. */
  rollbackManifestId?: Hex;
  /** The Safe's owners (the rollback's signers, in order). */
  owners: readonly Address[];
  /** The proxies, in the order they are rolled back. */
  proxies: readonly Address[];
  thresholds: { routine: number; privileged: number };
  window: { notBefore: bigint; expiry: bigint };
};

/**
 * The evidence packet's skeleton: every part the chain and the manifest can say (implementations with their code
 * hashes, calldata hashes, the rollback's signers, order and thresholds, the window). What only people can add is
 * left empty: the invariant checklist and the approvals (`manifest-guard evidence`), and the simulation
 * (`simulate --record`). `evidenceCompleteness` names those until they are filled.
 *
 * @example
 * const skeleton = await draftEvidence({ client, ticket: 'REL-42', implementations: [poolV2], phases, owners, proxies, thresholds, window });
 */
export async function draftEvidence(parameters: DraftEvidenceParameters): Promise<EvidencePacket> {
  const { client, rollbackManifestId } = parameters;
  return {
    ticket: parameters.ticket,
    implementations: await Promise.all(
      parameters.implementations.map(async (address) => ({ address, codeHash: await codeHashOf({ client, address }) })),
    ),
    calldataHashes: parameters.phases.flatMap((phase, p) =>
      phase.steps.map((step, s) => ({ phase: p, step: s, hash: keccak256(step.data) })),
    ),
    simulation: {},
    invariants: [],
    rollback: {
      ...(rollbackManifestId ? { rollbackManifestId } : {}),
      signerSequence: parameters.owners.map((owner) => getAddress(owner)),
      dependencyOrder: [...parameters.proxies],
      fallbackThresholds: { ...parameters.thresholds },
    },
    window: { notBefore: Number(parameters.window.notBefore), expiry: Number(parameters.window.expiry) },
    approvals: [],
  };
}

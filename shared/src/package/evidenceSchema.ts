import type { Hex } from 'viem';
import { z } from 'zod';

import type { ReleasePackageIssue } from './errors.js';
import { evidenceParts } from './evidencePacket.js';
import {
  arrayError,
  fail,
  field,
  objectError,
  parseAddress,
  parseHex,
  parseIndex,
  parseName,
  parseText,
  parseTimestamp,
  show,
} from './fields.js';
import { zodIssues } from './parseReleasePackage.js';
import { textLimits } from './registrationShape.js';

const text = (fix: string, max: number = textLimits.invariantName) =>
  field((input) => parseText(input, fix, { max }), { missing: `Add it. ${fix}` });
const optionalText = (fix: string, max: number = textLimits.invariantName, multiline = false) =>
  field<string | undefined>((input) => parseText(input, fix, { max, multiline }), {
    missing: '',
    fallback: () => undefined,
  });
const bytes32 = (fix: string) => field((input) => parseHex(input, fix, 32), { missing: `Add it. ${fix}` });
const address = (fix: string) => field((input) => parseAddress(input, fix), { missing: `Add it. ${fix}` });
const index = (fix: string) => field((input) => parseIndex(input, fix), { missing: `Add it. ${fix}` });
const time = (fix: string) =>
  field((input) => parseTimestamp(input, 2n ** 40n - 1n, fix), { missing: `Add it. ${fix}` });
export const invariantCategories = ['balances', 'permissions', 'pricing', 'pause', 'other'] as const;

/** Each part of an evidence packet, when present (a missing part is `evidenceCompleteness`'s: the gate holds). */
const evidenceSchema = z.strictObject(
  {
    ticket: text('Use the change ticket of the manifest.', textLimits.ticket).optional(),
    implementations: z
      .array(
        z.strictObject(
          {
            address: address("Use the implementation's address."),
            codeHash: bytes32("Use keccak256 of the implementation's runtime code (extcodehash)."),
            name: optionalText('Name the implementation (e.g. "PoolV2").'),
          },
          { error: objectError('an implementation', ['address', 'codeHash', 'name']) },
        ),
        { error: arrayError('the implementations') },
      )
      .optional(),
    calldataHashes: z
      .array(
        z.strictObject(
          {
            phase: index('Use the index of the phase (0 for the first).'),
            step: index('Use the index of the step in its phase.'),
            hash: bytes32("Use keccak256 of the step's calldata."),
          },
          { error: objectError('a calldata hash', ['phase', 'step', 'hash']) },
        ),
        { error: arrayError('the calldata hashes') },
      )
      .optional(),
    simulation: z
      .record(z.string(), z.unknown(), {
        error: (issue) => `${show(issue.input)} is not the simulation report (a JSON object; \`simulate --record\`).`,
      })
      .optional(),
    invariants: z
      .array(
        z.strictObject(
          {
            name: text('Name what must hold (e.g. "reserves cover deposits").'),
            category: field((input) => parseName(input, invariantCategories, 'an invariant category'), {
              missing: `Add "category": one of ${invariantCategories.map((name) => `"${name}"`).join(', ')}.`,
            }),
            detail: optionalText('Describe how it was checked.', textLimits.description, true),
          },
          { error: objectError('an invariant', ['name', 'category', 'detail']) },
        ),
        { error: arrayError('the invariant checklist') },
      )
      .optional(),
    rollback: z
      .strictObject(
        {
          rollbackManifestId: field<Hex | undefined>(
            (input) => parseHex(input, 'Use the id of the Rollback manifest.', 32),
            { missing: '', fallback: () => undefined },
          ),
          signerSequence: z
            .array(address('Use the address of each signer, in order.'), { error: arrayError('the signers') })
            .optional(),
          dependencyOrder: z
            .array(text('Name each contract (or its address) in the order it is rolled back.'), {
              error: arrayError('the dependency order'),
            })
            .optional(),
          fallbackThresholds: z
            .record(
              z.string(),
              field(
                (input) => {
                  const value = parseIndex(input, 'Use a number of signatures.');
                  if (value === 0) fail('is 0. A threshold is at least 1.');
                  return value;
                },
                { missing: '' },
              ),
              { error: (issue) => `${show(issue.input)} is not a map of thresholds (e.g. {"privileged": 3}).` },
            )
            .optional(),
        },
        {
          error: objectError('the rollback artifact', [
            'rollbackManifestId',
            'signerSequence',
            'dependencyOrder',
            'fallbackThresholds',
          ]),
        },
      )
      .optional(),
    window: z
      .strictObject(
        {
          notBefore: time('Use the start of the window (unix seconds or ISO-8601).'),
          expiry: time('Use the end of the window (unix seconds or ISO-8601).'),
        },
        { error: objectError('the window', ['notBefore', 'expiry']) },
      )
      .optional(),
    approvals: z
      .array(
        z.strictObject(
          {
            approver: text('Name who approved (a person or a team).'),
            role: optionalText('Say in which role (e.g. "reviewer").'),
            at: optionalText('Say when (ISO-8601).'),
            reference: optionalText('Point at the record (a URL or an id).', textLimits.url),
          },
          { error: objectError('an approval', ['approver', 'role', 'at', 'reference']) },
        ),
        { error: arrayError('the approvals') },
      )
      .optional(),
  },
  {
    error: objectError(
      'an evidence packet',
      evidenceParts.filter((part) => !part.includes('.')),
    ),
  },
);

/**
 * The problems of an evidence packet's items, each with its JSON path and the fix: wrong types, malformed addresses
 * and hashes, unknown fields (a top-level `x-…` field is an extension and is kept), and the text rules of the fields
 * signers read. What is missing is `evidenceCompleteness`'s to say (the gate holds); what is malformed is an error.
 *
 * @example
 * evidenceIssues({ invariants: [{ name: 'reserves', category: 'reserves' }] });
 * // [{ path: 'invariants[0].category', message: '"reserves" is not an invariant category. …' }]
 */
export function evidenceIssues(packet: unknown): ReleasePackageIssue[] {
  if (typeof packet !== 'object' || packet === null || Array.isArray(packet)) {
    return [{ path: '(root)', message: 'is not a JSON object. An evidence packet is an object (see EvidencePacket).' }];
  }
  const known = Object.fromEntries(Object.entries(packet).filter(([key]) => !key.startsWith('x-')));
  const result = evidenceSchema.safeParse(known);
  return result.success ? [] : zodIssues(result.error.issues);
}

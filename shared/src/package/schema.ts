import { type Address, type Hex, zeroAddress, zeroHash } from 'viem';
import { z } from 'zod';

import { manifestBounds } from '../lane/manifestBounds.js';
import { textLimits } from './signerText.js';
import {
  arrayError,
  fail,
  field,
  objectError,
  parseAddress,
  parseHex,
  parseIndex,
  parseName,
  parseSeconds,
  parseText,
  parseTimestamp,
  parseUintString,
  show,
} from './fields.js';

/** The format version this library reads and writes. */
export const releasePackageSchemaVersion = 1;

export const manifestKindNames = ['Release', 'Rollback', 'Emergency'] as const;
export const operationNames = ['call', 'delegatecall'] as const;
export const checkKindNames = ['resultHash', 'codeHash'] as const;
export const stopResponseNames = ['rollback', 'contain', 'observe'] as const;
export type ManifestKindName = (typeof manifestKindNames)[number];
export type OperationName = (typeof operationNames)[number];
export type CheckKindName = (typeof checkKindNames)[number];
export type StopResponseName = (typeof stopResponseNames)[number];

const address = (missing: string, fix: string) => field((input) => parseAddress(input, fix), { missing });
const hex = (missing: string, fix: string, fallback?: Hex) =>
  field((input) => parseHex(input, fix), { missing, fallback: fallback === undefined ? undefined : () => fallback });
const bytes32 = (missing: string, fix: string) => field((input) => parseHex(input, fix, 32), { missing });
const uint256 = (missing: string, fix: string, fallback?: bigint) =>
  field((input) => parseUintString(input, 256, fix), {
    missing,
    fallback: fallback === undefined ? undefined : () => fallback,
  });
const response = field((input) => parseName(input, stopResponseNames, 'a stop response'), {
  missing: 'Add "response": "rollback", "contain" or "observe" (what the monitor does when it fails).',
});

export const stepSchema = z.strictObject(
  {
    to: address('Add the target address ("to").', 'Use the checksummed target address.'),
    value: uint256('', 'Write the wei amount the Safe sends, "0" for none.', 0n),
    operation: field((input) => parseName(input, operationNames, 'an operation'), {
      missing: '',
      fallback: () => 'call' as OperationName,
    }),
    data: hex('Add the full calldata ("0x" for a plain transfer).', 'Use the full calldata, "0x" for none.'),
  },
  { error: objectError('a step', ['to', 'value', 'operation', 'data']) },
);

export const checkSchema = z.strictObject(
  {
    kind: field((input) => parseName(input, checkKindNames, 'a check kind'), {
      missing: 'Add "kind": "resultHash" (a view\'s result) or "codeHash" (a contract\'s code).',
    }),
    target: address('Add the contract the check reads ("target").', 'Use the address the check reads.'),
    data: hex('', 'Use the calldata of the view to call, "0x" for a code-hash check.', '0x'),
    expected: bytes32(
      'Add the expected keccak256 hash ("expected").',
      'Use the keccak256 of the expected return data (resultHash) or runtime code (codeHash).',
    ),
    response,
  },
  { error: objectError('a check', ['kind', 'target', 'data', 'expected', 'response']) },
);

export const conditionSchema = z.strictObject(
  {
    target: address('Add the contract the condition reads ("target").', 'Use the address the condition reads.'),
    data: hex('Add the calldata of the view that returns a number.', 'Use the calldata of a view returning a uint.'),
    min: uint256('Add the lowest accepted value ("min", a decimal string).', 'Use a uint256 decimal string.'),
    max: uint256('Add the highest accepted value ("max", a decimal string).', 'Use a uint256 decimal string.'),
  },
  { error: objectError('an entry condition', ['target', 'data', 'min', 'max']) },
);

const countError = (what: string, max: number, constant: string, fix: string) => (issue: { input?: unknown }) => {
  const count = Array.isArray(issue.input) ? issue.input.length : 0;
  if (count === 0) return `has no ${what}. Add at least one.`;
  return `has ${count} ${what}, more than the guard's ${constant} (${max}). ${fix}`;
};

export const phaseSchema = z.strictObject(
  {
    steps: z
      .array(stepSchema, { error: arrayError('the steps of the phase') })
      .min(1, { error: countError('steps', manifestBounds.maxStepsPerPhase, 'MAX_STEPS_PER_PHASE', '') })
      .max(manifestBounds.maxStepsPerPhase, {
        error: countError('steps', manifestBounds.maxStepsPerPhase, 'MAX_STEPS_PER_PHASE', 'Split the phase.'),
      }),
    checks: z
      .array(checkSchema, { error: arrayError('the checks of the phase') })
      .max(manifestBounds.maxChecks, {
        error: countError('checks', manifestBounds.maxChecks, 'MAX_CHECKS', 'Keep the checks that gate the phase.'),
      })
      .default([]),
    conditions: z
      .array(conditionSchema, { error: arrayError('the entry conditions of the phase') })
      .max(manifestBounds.maxConditions, {
        error: countError('conditions', manifestBounds.maxConditions, 'MAX_CONDITIONS', 'Keep the ones that matter.'),
      })
      .default([]),
    minSoak: field(
      (input) =>
        parseSeconds(
          input,
          manifestBounds.maxSoak,
          "Write the soak time in seconds after the phase (e.g. 3600), at most the guard's MAX_SOAK (90 days).",
        ),
      { missing: '', fallback: () => 0n },
    ),
  },
  { error: objectError('a phase', ['steps', 'checks', 'conditions', 'minSoak']) },
);

const expectationSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject(
      { kind: z.literal('equals'), value: hex('Add the expected return data ("value").', 'Use the raw return data.') },
      { error: objectError('an "equals" expectation', ['kind', 'value']) },
    ),
    z.strictObject(
      {
        kind: z.literal('resultHash'),
        hash: bytes32('Add the keccak256 of the expected return data ("hash").', 'Use a 32-byte keccak256 hash.'),
      },
      { error: objectError('a "resultHash" expectation', ['kind', 'hash']) },
    ),
    z.strictObject(
      {
        kind: z.literal('range'),
        min: uint256('Add "min" (a decimal string).', 'Use a uint256 decimal string.'),
        max: uint256('Add "max" (a decimal string).', 'Use a uint256 decimal string.'),
      },
      { error: objectError('a "range" expectation', ['kind', 'min', 'max']) },
    ),
  ],
  {
    error: (issue) =>
      `${show((issue.input as { kind?: unknown } | undefined)?.kind ?? issue.input)} is not an expectation. ` +
      'Use {"kind": "equals", "value"}, {"kind": "resultHash", "hash"} or {"kind": "range", "min", "max"}.',
  },
);

export const stopConditionSchema = z.discriminatedUnion(
  'source',
  [
    z.strictObject(
      {
        source: z.literal('check'),
        phase: field((input) => parseIndex(input, 'Use the index of the phase that holds the check.'), {
          missing: 'Add the phase index of the check ("phase").',
        }),
        check: field((input) => parseIndex(input, 'Use the index of the check in its phase.'), {
          missing: 'Add the index of the check in its phase ("check").',
        }),
        response,
      },
      { error: objectError('a check stop condition', ['source', 'phase', 'check', 'response']) },
    ),
    z.strictObject(
      {
        source: z.literal('invariant'),
        name: field(
          (input) =>
            parseText(input, 'Name the invariant (e.g. "pool reserves cover deposits").', {
              max: textLimits.invariantName,
            }),
          { missing: 'Add the name of the invariant.' },
        ),
        read: z.strictObject(
          {
            target: address('Add the contract the monitor reads ("target").', 'Use the address to read.'),
            data: hex('Add the calldata of the view to read.', 'Use the calldata of a view.'),
          },
          { error: objectError('a read', ['target', 'data']) },
        ),
        expect: expectationSchema,
        response,
      },
      { error: objectError('a watched invariant', ['source', 'name', 'read', 'expect', 'response']) },
    ),
  ],
  {
    error: (issue) =>
      `${show((issue.input as { source?: unknown } | undefined)?.source ?? issue.input)} is not a stop condition ` +
      'source. Use {"source": "check", "phase", "check", "response"} or {"source": "invariant", "name", "read", ' +
      '"expect", "response"}.',
  },
);

export const linkSchema = z.strictObject(
  {
    label: field(
      (input) => parseText(input, 'Say what the link is (e.g. "Audit report").', { max: textLimits.linkLabel }),
      { missing: 'Add a label.' },
    ),
    url: field(
      (input) => {
        const text = parseText(input, 'Use an absolute URL (https://…).', { max: textLimits.url });
        if (!URL.canParse(text)) fail(`${show(text)} is not an absolute URL. Use https://… .`);
        return text;
      },
      { missing: 'Add the URL.' },
    ),
  },
  { error: objectError('a link', ['label', 'url']) },
);

/** The fields of a release package besides `x-` extensions, in the order they are written. */
export const releasePackageKeys = [
  'schemaVersion',
  'chainId',
  'safe',
  'guard',
  'title',
  'description',
  'links',
  'kind',
  'ticket',
  'notBefore',
  'expiry',
  'rollback',
  'evidence',
  'phases',
  'stopConditions',
] as const;

const fieldsSchema = z.strictObject(
  {
    schemaVersion: field(
      (input) => {
        if (input !== releasePackageSchemaVersion) {
          fail(
            `${show(input)} is not a schema version this library reads. Write "schemaVersion": 1, or use a newer ` +
              'manifest-guard for a newer package.',
          );
        }
        return releasePackageSchemaVersion as typeof releasePackageSchemaVersion;
      },
      { missing: 'Add "schemaVersion": 1.' },
    ),
    chainId: field(
      (input) => {
        const id = parseIndex(input, 'Use the chain id as a JSON number (e.g. 1 for Ethereum).');
        if (id === 0) fail('0 is not a chain id. Use the chain the Safe is on.');
        return id;
      },
      { missing: 'Add the chain id of the Safe ("chainId").' },
    ),
    safe: address('Add the Safe address ("safe").', 'Use the checksummed address of the upgrade Safe.'),
    guard: address('Add the guard address ("guard").', 'Use the checksummed address of the ManifestGuard.'),
    title: field((input) => parseText(input, 'Give the release a short title.', { max: textLimits.title }), {
      missing: 'Add a short title ("title").',
    }),
    description: field(
      (input) =>
        parseText(input, 'Describe the release.', {
          allowEmpty: true,
          multiline: true,
          max: textLimits.description,
        }),
      { missing: '', fallback: () => '' },
    ),
    links: z.array(linkSchema, { error: arrayError('the links') }).default([]),
    kind: field((input) => parseName(input, manifestKindNames, 'a manifest kind'), {
      missing: 'Add "kind": "Release", "Rollback" or "Emergency".',
    }),
    ticket: field(
      (input) =>
        parseText(input, 'Use the id of the change ticket this implements (e.g. "REL-42").', {
          max: textLimits.ticket,
        }),
      { missing: 'Add the change ticket ("ticket").' },
    ),
    notBefore: field(
      (input) => parseTimestamp(input, manifestBounds.maxExpiry, 'Use the start of the release window.'),
      { missing: 'Add the start of the window ("notBefore").' },
    ),
    expiry: field((input) => parseTimestamp(input, manifestBounds.maxExpiry, 'Use the end of the release window.'), {
      missing: 'Add the end of the window ("expiry").',
    }),
    rollback: field((input): Hex | undefined => parseHex(input, 'Use the 32-byte id of the Rollback manifest.', 32), {
      missing: '',
      fallback: () => undefined,
    }),
    evidence: bytes32(
      'Add the evidence hash ("evidence", see evidenceHash).',
      'Use the keccak256 of the canonical evidence packet (evidenceHash).',
    ),
    phases: z
      .array(phaseSchema, { error: arrayError('the phases') })
      .min(1, { error: countError('phases', manifestBounds.maxPhases, 'MAX_PHASES', '') })
      .max(manifestBounds.maxPhases, {
        error: countError(
          'phases',
          manifestBounds.maxPhases,
          'MAX_PHASES',
          'Split the release into several manifests.',
        ),
      }),
    stopConditions: z.array(stopConditionSchema, { error: arrayError('the stop conditions') }).default([]),
  },
  { error: objectError('a release package', [...releasePackageKeys]) },
);

type Fields = z.output<typeof fieldsSchema>;

/** Rules between fields (run once every field is well formed), each with its path and fix. */
export const releasePackageFieldsSchema = fieldsSchema.superRefine((fields: Fields, context) => {
  const issue = (path: (string | number)[], message: string) => context.addIssue({ code: 'custom', path, message });
  if (fields.expiry <= fields.notBefore) {
    issue(['expiry'], `is not after notBefore (${fields.notBefore}). The window must end after it starts.`);
  }
  if (fields.kind === 'Release') {
    if (fields.rollback === undefined) {
      issue(['rollback'], 'missing. A Release must name the id of its Rollback manifest (register that one first).');
    } else if (fields.rollback === zeroHash) {
      issue(['rollback'], 'is zero. A Release must name the id of its Rollback manifest.');
    }
  } else if (fields.rollback !== undefined) {
    issue(['rollback'], `is set on a ${fields.kind} manifest. Remove it: only a Release names a rollback.`);
  }
  const steps = fields.phases.reduce((total, phase) => total + phase.steps.length, 0);
  if (steps > manifestBounds.maxSteps) {
    issue(
      ['phases'],
      `hold ${steps} steps in all, more than the guard's MAX_STEPS (${manifestBounds.maxSteps}). ` +
        'Split the release into several manifests.',
    );
  }
  fields.phases.forEach((phase, p) => {
    phase.checks.forEach((check, i) => {
      if (check.target === zeroAddress) {
        issue(['phases', p, 'checks', i, 'target'], 'is the zero address. Use the contract the check reads.');
      }
      if (check.kind === 'codeHash' && check.data !== '0x') {
        issue(['phases', p, 'checks', i, 'data'], `is ${show(check.data)} on a codeHash check. Use "0x".`);
      }
    });
    phase.conditions.forEach((condition, i) => {
      if (condition.target === zeroAddress) {
        issue(['phases', p, 'conditions', i, 'target'], 'is the zero address. Use the contract the condition reads.');
      }
      if (condition.min > condition.max) {
        issue(['phases', p, 'conditions', i, 'max'], `is below min (${condition.min}). Make min <= max.`);
      }
    });
  });
  fields.stopConditions.forEach((stop, i) => {
    if (stop.source !== 'check') return;
    const check = fields.phases[stop.phase]?.checks[stop.check];
    if (!check) {
      issue(
        ['stopConditions', i],
        `refers to check ${stop.check} of phase ${stop.phase}, which does not exist. Point it at an existing check.`,
      );
    } else if (check.response !== stop.response) {
      issue(
        ['stopConditions', i, 'response'],
        `is "${stop.response}" but phases[${stop.phase}].checks[${stop.check}].response is "${check.response}". ` +
          'Make them equal: the check carries its response on chain.',
      );
    }
  });
});

/** A JSON value (what `x-` extension fields may hold). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A release package as `parseReleasePackage` returns it. */
export type ReleasePackage = Fields & {
  /** The package's `x-` extension fields, kept as they were. */
  extra: { [key: `x-${string}`]: JsonValue };
};
export type PackagePhase = ReleasePackage['phases'][number];
export type PackageStep = PackagePhase['steps'][number];
export type PackageCheck = PackagePhase['checks'][number];
export type PackageCondition = PackagePhase['conditions'][number];
export type StopCondition = ReleasePackage['stopConditions'][number];
export type InvariantExpectation = Extract<StopCondition, { source: 'invariant' }>['expect'];
export type PackageLink = ReleasePackage['links'][number];
/** An address as in the package (EIP-55). */
export type PackageAddress = Address;

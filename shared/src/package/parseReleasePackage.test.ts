import fc from 'fast-check';
import { describe, expect, test } from 'vitest';

import { ReleasePackageError } from './errors.js';
import { parseReleasePackage } from './parseReleasePackage.js';
import { propertyRuns, propertyTimeout, releasePackageArbitrary } from './releasePackage.arbitrary.js';
import { releasePackageToJson, serializeReleasePackage } from './serializeReleasePackage.js';

const sample = {
  schemaVersion: 1,
  chainId: 31337,
  safe: '0x5fbdb2315678afecb367f032d93f642f64180aa3',
  guard: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
  title: 'Pool v2',
  kind: 'Release',
  ticket: 'REL-42',
  notBefore: '2025-06-01T12:00:00Z',
  expiry: 1751371200,
  rollback: '0x' + '11'.repeat(32),
  evidence: '0x' + 'AB'.repeat(32),
  phases: [
    {
      steps: [{ to: '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0', data: '0x3659CFE6' }],
      checks: [
        {
          kind: 'codeHash',
          target: '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0',
          expected: '0x' + '22'.repeat(32),
          response: 'rollback',
        },
      ],
      minSoak: 3600,
    },
  ],
  stopConditions: [
    { source: 'check', phase: 0, check: 0, response: 'rollback' },
    {
      source: 'invariant',
      name: 'reserves cover deposits',
      read: { target: '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0', data: '0x0902f1ac' },
      expect: { kind: 'range', min: '1', max: '1000000' },
      response: 'contain',
    },
  ],
  'x-pipeline': { run: 7 },
};

function issuesOf(json: unknown): { path: string; message: string }[] {
  try {
    parseReleasePackage(json);
  } catch (error) {
    expect(error).toBeInstanceOf(ReleasePackageError);
    return [...(error as ReleasePackageError).issues];
  }
  throw new Error('expected a ReleasePackageError');
}

test('default', () => {
  const pkg = parseReleasePackage(JSON.stringify(sample));
  expect(pkg.safe).toBe('0x5FbDB2315678afecb367f032d93F642f64180aa3');
  expect(pkg.notBefore).toBe(1748779200n);
  expect(pkg.expiry).toBe(1751371200n);
  expect(pkg.evidence).toBe('0x' + 'ab'.repeat(32));
  expect(pkg.phases[0]!.steps[0]).toEqual({
    to: '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0',
    value: 0n,
    operation: 'call',
    data: '0x3659cfe6',
  });
  expect(pkg.phases[0]!.checks[0]!.data).toBe('0x');
  expect(pkg.phases[0]!.conditions).toEqual([]);
  expect(pkg.phases[0]!.minSoak).toBe(3600n);
  expect(pkg.stopConditions[1]).toMatchObject({ source: 'invariant', expect: { kind: 'range', min: 1n } });
  expect(pkg.extra).toEqual({ 'x-pipeline': { run: 7 } });
  expect(pkg.description).toBe('');
  expect(pkg.links).toEqual([]);
});

test('args: a parsed value', () => {
  expect(parseReleasePackage(sample)).toEqual(parseReleasePackage(JSON.stringify(sample)));
});

test('args: serialized with unix times', () => {
  const pkg = parseReleasePackage(sample);
  const json = JSON.parse(serializeReleasePackage(pkg, { times: 'unix' }));
  expect(json.notBefore).toBe(1748779200);
  expect(JSON.parse(serializeReleasePackage(pkg)).notBefore).toBe('2025-06-01T12:00:00Z');
});

test(
  'property: parse(serialize(x)) equals x',
  () => {
    fc.assert(
      fc.property(releasePackageArbitrary, fc.constantFrom('iso' as const, 'unix' as const), (pkg, times) => {
        expect(parseReleasePackage(serializeReleasePackage(pkg, { times }))).toEqual(pkg);
      }),
      { numRuns: propertyRuns },
    );
  },
  propertyTimeout,
);

/** A mutation that breaks a valid package JSON, and the path the error must name. */
type Mutation = (json: any, random: number) => string;
const badAddresses = ['0x12', 'vitalik.eth', '0x' + 'g'.repeat(40), 42, '0x5FBDB2315678afecb367f032d93F642f64180aa3'];
const mutations: Record<string, Mutation> = {
  'bad step address': (json, r) => {
    json.phases[0].steps[0].to = badAddresses[r % badAddresses.length];
    return 'phases[0].steps[0].to';
  },
  'bad value': (json, r) => {
    json.phases[0].steps[0].value = [-1, '-1', '01', '1e3', 2 ** 60, '0x10'][r % 6];
    return 'phases[0].steps[0].value';
  },
  'bad operation': (json, r) => {
    json.phases[0].steps[0].operation = ['Call', 'DELEGATECALL', 0, 1, 'staticcall'][r % 5];
    return 'phases[0].steps[0].operation';
  },
  'odd calldata': (json) => {
    json.phases[0].steps[0].data = '0x123';
    return 'phases[0].steps[0].data';
  },
  'unknown step field': (json) => {
    json.phases[0].steps[0].gas = 1;
    return 'phases[0].steps[0].gas';
  },
  'unknown top-level field': (json) => {
    json.phasess = [];
    return 'phasess';
  },
  'missing field': (json, r) => {
    const key = ['schemaVersion', 'chainId', 'safe', 'guard', 'title', 'kind', 'ticket', 'notBefore', 'expiry'][r % 9]!;
    delete json[key];
    return key;
  },
  'missing evidence': (json) => {
    delete json.evidence;
    return 'evidence';
  },
  'bad kind': (json) => {
    json.kind = 'release';
    return 'kind';
  },
  'short hash': (json) => {
    json.evidence = json.evidence.slice(0, -2);
    return 'evidence';
  },
  'empty window': (json) => {
    json.expiry = json.notBefore;
    return 'expiry';
  },
  'bad soak': (json, r) => {
    json.phases[0].minSoak = [-1, 1.5, 'an hour', null][r % 4];
    return 'phases[0].minSoak';
  },
  'soak past MAX_SOAK': (json) => {
    json.phases[0].minSoak = 90 * 86_400 + 1;
    return 'phases[0].minSoak';
  },
  'schema version': (json) => {
    json.schemaVersion = 2;
    return 'schemaVersion';
  },
  'no phases': (json) => {
    json.phases = [];
    return 'phases';
  },
  'no steps': (json) => {
    json.phases[0].steps = [];
    return 'phases[0].steps';
  },
  'too many phases': (json) => {
    json.phases = Array.from({ length: 17 }, () => json.phases[0]);
    return 'phases';
  },
  'rollback by kind': (json) => {
    if (json.kind === 'Release') delete json.rollback;
    else json.rollback = '0x' + '01'.repeat(32);
    return 'rollback';
  },
  'condition bounds': (json) => {
    json.phases[0].conditions = [
      { target: json.safe === '0x' + '0'.repeat(40) ? json.guard : json.safe, data: '0x', min: '2', max: '1' },
    ];
    json.safe = json.safe === '0x' + '0'.repeat(40) ? json.guard : json.safe;
    json.phases[0].conditions[0].target = '0x' + '1'.repeat(40);
    return 'phases[0].conditions[0].max';
  },
  'stop condition response': (json) => {
    json.phases[0].checks = [
      { kind: 'codeHash', target: '0x' + '1'.repeat(40), expected: '0x' + '2'.repeat(64), response: 'observe' },
    ];
    json.stopConditions = [{ source: 'check', phase: 0, check: 0, response: 'rollback' }];
    return 'stopConditions[0].response';
  },
  'not json': () => '(root)',
};

test(
  'property: every malformed mutation is rejected with its path',
  () => {
    const names = Object.keys(mutations);
    fc.assert(
      fc.property(releasePackageArbitrary, fc.constantFrom(...names), fc.nat(), (pkg, name, random) => {
        const json = JSON.parse(serializeReleasePackage(pkg));
        const path = mutations[name]!(json, random);
        const input = name === 'not json' ? serializeReleasePackage(pkg).slice(0, -1) : json;
        const paths = issuesOf(input).map((issue) => issue.path);
        expect(paths).toContain(path);
      }),
      { numRuns: propertyRuns },
    );
  },
  propertyTimeout,
);

describe('errors', () => {
  test('an address that is not one', () => {
    const json = structuredClone(sample) as any;
    json.phases[0].steps[0].to = '0x12';
    expect(() => parseReleasePackage(json)).toThrowErrorMatchingInlineSnapshot(`
      [ReleasePackageError: Invalid release package: 1 problem.

      phases[0].steps[0].to: "0x12" is not an address (40 hex digits after 0x). Use the checksummed target address.]
    `);
  });

  test('every problem is listed', () => {
    const json = structuredClone(sample) as any;
    json.safe = '0x5FBDB2315678afecb367f032d93F642f64180aa3';
    delete json.ticket;
    json.phases[0].steps[0].value = 5;
    json.phases[0].steps[0].gas = 1;
    json.extraField = true;
    expect(issuesOf(json)).toMatchInlineSnapshot(`
      [
        {
          "message": "is not a field of a release package. Remove it, or name it "x-…" to keep it as an extension (the fields are schemaVersion, chainId, safe, guard, title, description, links, kind, ticket, notBefore, expiry, rollback, evidence, phases, stopConditions).",
          "path": "extraField",
        },
        {
          "message": ""0x5FBDB2315678afecb367f032d93F642f64180aa3" has a wrong EIP-55 checksum (its mixed case does not match the address). Copy the address again from a trusted source, or write it in lower case.",
          "path": "safe",
        },
        {
          "message": "missing. Add the change ticket ("ticket").",
          "path": "ticket",
        },
        {
          "message": "5 is a number. Write it as a decimal string ("5") so that large values keep every digit.",
          "path": "phases[0].steps[0].value",
        },
        {
          "message": "is not a field of a step. Remove it (the fields of a step are to, value, operation, data).",
          "path": "phases[0].steps[0].gas",
        },
      ]
    `);
  });

  test('rules between fields', () => {
    const json = structuredClone(sample) as any;
    json.kind = 'Emergency';
    json.expiry = json.notBefore;
    json.phases[0].checks[0].data = '0x01';
    json.stopConditions[0].check = 3;
    expect(issuesOf(json).map((issue) => `${issue.path}: ${issue.message}`)).toMatchInlineSnapshot(`
      [
        "expiry: is not after notBefore (1748779200). The window must end after it starts.",
        "rollback: is set on a Emergency manifest. Remove it: only a Release names a rollback.",
        "phases[0].checks[0].data: is "0x01" on a codeHash check. Use "0x".",
        "stopConditions[0]: refers to check 3 of phase 0, which does not exist. Point it at an existing check.",
      ]
    `);
  });

  test('not JSON, not an object', () => {
    expect(issuesOf('{')[0]!.path).toBe('(root)');
    expect(issuesOf([1])).toEqual([
      { path: '(root)', message: 'is not a JSON object. A release package is an object with "schemaVersion": 1.' },
    ]);
  });

  test('bad stop condition source and expectation', () => {
    const json = structuredClone(sample) as any;
    json.stopConditions[0].source = 'alarm';
    json.stopConditions[1].expect.kind = 'between';
    expect(issuesOf(json)).toMatchInlineSnapshot(`
      [
        {
          "message": ""alarm" is not a stop condition source. Use {"source": "check", "phase", "check", "response"} or {"source": "invariant", "name", "read", "expect", "response"}.",
          "path": "stopConditions[0].source",
        },
        {
          "message": ""between" is not an expectation. Use {"kind": "equals", "value"}, {"kind": "resultHash", "hash"} or {"kind": "range", "min", "max"}.",
          "path": "stopConditions[1].expect.kind",
        },
      ]
    `);
  });

  test('too many steps in all', () => {
    const json = structuredClone(sample) as any;
    const step = json.phases[0].steps[0];
    json.phases = Array.from({ length: 3 }, () => ({ steps: Array.from({ length: 22 }, () => step) }));
    json.stopConditions = [];
    expect(issuesOf(json)).toEqual([
      {
        path: 'phases',
        message:
          "hold 66 steps in all, more than the guard's MAX_STEPS (64). Split the release into several manifests.",
      },
    ]);
  });
});

test('releasePackageToJson keeps x- fields last', () => {
  const keys = Object.keys(releasePackageToJson(parseReleasePackage(sample)));
  expect(keys.at(-1)).toBe('x-pipeline');
});

import fc from 'fast-check';
import { getAddress } from 'viem';
import { describe, expect, test } from 'vitest';

import { propertyRuns, propertyTimeout } from '../package/releasePackage.arbitrary.js';
// Real solc storageLayout outputs (what forge writes into artifacts) with the sources they come from, made by
// shared/scripts/generate-storage-layout-fixtures.ts: every v2-* layout is a change of v1's Box, named by it.
import fixtures from './fixtures/storageLayouts.json' with { type: 'json' };
import { type StorageLayout, type StorageLayoutEntry, storageLayoutReport } from './storageLayoutReport.js';

const implementation = getAddress('0x3333333333333333333333333333333333333333');
const proxy = getAddress('0x4444444444444444444444444444444444444444');
const layouts: { [name: string]: StorageLayout } = fixtures.layouts;
const layout = (name: string) => layouts[name]!;
const check = (current: string, next: string) =>
  storageLayoutReport({ current: layout(current), next: layout(next), implementation });

describe('solc layouts of Box v1 and its changes', () => {
  test('default: appended variables are compatible', () => {
    expect(storageLayoutReport({ current: layout('v1'), next: layout('v2-append'), implementation, proxy })).toEqual({
      proxy,
      implementation,
      ok: true,
      errors: [],
    });
    expect(check('v1', 'v1')).toEqual({ implementation, ok: true, errors: [] });
  });

  test('a variable inserted in the middle', () => {
    expect(check('v1', 'v2-insert')).toEqual({
      implementation,
      ok: false,
      errors: [
        'v2-insert/Box.sol:Box: Inserted `treasury` > New variables should be placed after all existing inherited ' +
          'variables',
      ],
    });
  });

  test('a type change, also of a struct member', () => {
    expect(check('v1', 'v2-retype').errors).toEqual([
      'v2-retype/Box.sol:Box: Upgraded `fee` to an incompatible type - Bad upgrade from uint256 to uint128',
    ]);
    expect(check('v1', 'v2-struct-retype').errors).toEqual([
      'v2-struct-retype/Box.sol:Box: Upgraded `limits` to an incompatible type - Bad upgrade to struct Box.Limits - ' +
        'In struct Box.Limits - Upgraded `min` to an incompatible type - Bad upgrade from uint64 to uint32',
    ]);
  });

  test('removed variables, one line each', () => {
    expect(check('v1', 'v2-remove').errors).toEqual([
      'v1/Box.sol:Box: Deleted `fee` > Keep the variable even if unused',
    ]);
    expect(check('v2-append', 'v1').errors).toEqual([
      'v2-append/Box.sol:Box: Deleted `feeCap` > Keep the variable even if unused',
      'v2-append/Box.sol:Box: Deleted `treasury` > Keep the variable even if unused',
    ]);
  });

  test("a rename is incompatible (upgrades-core's verdict; solc's layout has no oz-renamed-from annotation)", () => {
    expect(check('v1', 'v2-rename')).toEqual({
      implementation,
      ok: false,
      errors: ['v2-rename/Box.sol:Box: Renamed `fee` to `feeBps`'],
    });
  });

  test('a __gap that shrinks by the slots of the new variables is compatible; one that does not is reported', () => {
    // Base gains `cap` and `keeper` (2 slots) and its uint256[50] __gap becomes uint256[48]: Box's variables stay put.
    expect(check('v1', 'v2-gap')).toEqual({ implementation, ok: true, errors: [] });
    expect(check('v1', 'v2-gap-unshrunk').errors).toEqual([
      'v2-gap-unshrunk/Box.sol:Box: Layout changed for `__gap` (uint256[50] -> uint256[50]) - Slot changed from 1 to ' +
        '2 > Set __gap array to size 49',
    ]);
  });

  test('ERC-7201 namespaced storage is not in solc layouts and is not compared', () => {
    // Vault's namespaced struct swaps its members between the two versions; solc's layouts only hold `owner`.
    expect(layout('namespaced-v1')).toEqual(
      expect.objectContaining({ storage: [expect.objectContaining({ label: 'owner' })] }),
    );
    expect(check('namespaced-v1', 'namespaced-v2').ok).toBe(true);
  });
});

describe('enums', () => {
  const status = 't_enum(Status)4';
  const withValues = (values: string[]): StorageLayout => {
    const ticket = layout('enum-v1');
    return { ...ticket, types: { ...ticket.types, [status]: { ...ticket.types![status]!, members: values } } };
  };

  test('without their values (solc lists none) they cannot be compared', () => {
    expect(check('enum-v1', 'enum-v1').errors).toEqual([
      'enum-v1/Ticket.sol:Ticket: Upgraded `status` to an incompatible type - Insufficient data to compare enums > ' +
        "solc's storageLayout lists no enum values: add them in order as the enum type's `members` in both layouts",
    ]);
  });

  test('with their values: appended values pass, reordered ones are reported', () => {
    const report = (current: string[], next: string[]) =>
      storageLayoutReport({ current: withValues(current), next: withValues(next), implementation });
    expect(report(['Open', 'Closed'], ['Open', 'Closed']).ok).toBe(true);
    expect(report(['Open', 'Closed'], ['Open', 'Closed', 'Expired']).ok).toBe(true);
    expect(report(['Open', 'Closed'], ['Closed', 'Open']).errors).toEqual([
      'enum-v1/Ticket.sol:Ticket: Upgraded `status` to an incompatible type - Bad upgrade to enum Ticket.Status - ' +
        'In enum Ticket.Status - Deleted `Open` - Inserted `Open`',
    ]);
  });
});

describe('errors', () => {
  test('a layout without the types of its variables', () => {
    const bare: StorageLayout = { storage: [{ label: 'fee', slot: '0', offset: 0, type: 't_uint256' }] };
    expect(storageLayoutReport({ current: bare, next: bare, implementation })).toEqual({
      implementation,
      ok: false,
      errors: [
        'The current layout has no type t_uint256 (of `fee`): pass the storageLayout forge writes (forge build ' +
          '--extra-output storageLayout) unchanged.',
        'The next layout has no type t_uint256 (of `fee`): pass the storageLayout forge writes (forge build ' +
          '--extra-output storageLayout) unchanged.',
      ],
    });
  });

  test('an empty layout (solc writes types: null) upgrades to anything', () => {
    expect(storageLayoutReport({ current: { storage: [], types: null }, next: layout('v1'), implementation }).ok).toBe(
      true,
    );
  });
});

/**
 * A model of solc's storage layout for the property tests: value types pack into the current slot while they fit;
 * mappings and arrays start a new slot and so does whatever follows them. Checked against solc on Box v1 below.
 */
type ModelType = { id: string; label: string; bytes: number; packs: boolean; uses?: ModelType[] };
const valueType = (id: string, label: string, bytes: number): ModelType => ({ id, label, bytes, packs: true });
const address = valueType('t_address', 'address', 20);
const uint256 = valueType('t_uint256', 'uint256', 32);
const valueTypes: ModelType[] = [
  valueType('t_bool', 'bool', 1),
  valueType('t_uint8', 'uint8', 1),
  valueType('t_uint16', 'uint16', 2),
  valueType('t_uint32', 'uint32', 4),
  valueType('t_uint64', 'uint64', 8),
  valueType('t_uint128', 'uint128', 16),
  address,
  valueType('t_bytes32', 'bytes32', 32),
  uint256,
];
const mapping: ModelType = {
  id: 't_mapping(t_address,t_uint256)',
  label: 'mapping(address => uint256)',
  bytes: 32,
  packs: false,
  uses: [address, uint256],
};
const uint256Array = (length: number): ModelType => ({
  id: `t_array(t_uint256)${length}_storage`,
  label: `uint256[${length}]`,
  bytes: 32 * length,
  packs: false,
  uses: [uint256],
});
type Variable = { label: string; type: ModelType };

function modelLayout(variables: Variable[]): StorageLayout {
  const storage: StorageLayoutEntry[] = [];
  const types: NonNullable<StorageLayout['types']> = {};
  let slot = 0;
  let offset = 0;
  for (const { label, type } of variables) {
    if (offset > 0 && (!type.packs || offset + type.bytes > 32)) {
      slot += 1;
      offset = 0;
    }
    storage.push({ contract: 'model/Model.sol:Model', label, slot: String(slot), offset, type: type.id });
    for (const used of [type, ...(type.uses ?? [])]) {
      types[used.id] = { label: used.label, numberOfBytes: String(used.bytes) };
    }
    if (type.packs) {
      offset += type.bytes;
    } else {
      slot += type.bytes / 32;
    }
  }
  return { storage, types };
}
/** The end of the model layout: the first slot nothing uses. */
const endSlot = (layout: StorageLayout) =>
  Math.max(
    0,
    ...layout.storage.map((entry) => {
      const bytes = Number(layout.types![entry.type]!.numberOfBytes);
      return Number(entry.slot) + Math.ceil((entry.offset + bytes) / 32);
    }),
  );

const typeArbitrary = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...valueTypes) },
  { weight: 1, arbitrary: fc.constant(mapping) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 4 }).map(uint256Array) },
);
const variablesArbitrary = (prefix: string, maxLength = 12) =>
  fc
    .array(typeArbitrary, { maxLength })
    .map((types) => types.map((type, index): Variable => ({ label: `${prefix}${index}`, type })));

describe('properties', () => {
  test('the model lays out every Box version as solc does', () => {
    for (const [name, solc] of Object.entries(layouts).filter(([name]) => /^v\d/.test(name))) {
      const variables = solc.storage.map((entry) => ({
        label: entry.label,
        type: {
          id: entry.type,
          label: solc.types![entry.type]!.label,
          bytes: Number(solc.types![entry.type]!.numberOfBytes),
          packs: !/^t_(mapping|array|struct)/.test(entry.type),
        },
      }));
      const positions = (layout: StorageLayout) =>
        layout.storage.map(({ label, slot, offset }) => ({ label, slot, offset }));
      expect(positions(modelLayout(variables)), name).toEqual(positions(solc));
    }
  });

  test(
    'appending any variables to any layout stays compatible',
    () => {
      fc.assert(
        fc.property(variablesArbitrary('v'), variablesArbitrary('n'), (existing, appended) => {
          const report = storageLayoutReport({
            current: modelLayout(existing),
            next: modelLayout([...existing, ...appended]),
            implementation,
          });
          expect(report).toEqual({ implementation, ok: true, errors: [] });
        }),
        { numRuns: propertyRuns },
      );
    },
    propertyTimeout,
  );

  test(
    'removing any variable is reported',
    () => {
      fc.assert(
        fc.property(
          variablesArbitrary('v').filter((variables) => variables.length > 0),
          fc.nat(),
          (existing, pick) => {
            const index = pick % existing.length;
            const report = storageLayoutReport({
              current: modelLayout(existing),
              next: modelLayout(existing.filter((_, i) => i !== index)),
              implementation,
            });
            expect(report.ok).toBe(false);
            expect(report.errors).toContainEqual(expect.stringContaining('Deleted `'));
          },
        ),
        { numRuns: propertyRuns },
      );
    },
    propertyTimeout,
  );

  test(
    'a variable inserted anywhere is compatible exactly when every existing variable keeps its slot and offset',
    () => {
      fc.assert(
        fc.property(variablesArbitrary('v'), typeArbitrary, fc.nat(), (existing, type, pick) => {
          const index = pick % (existing.length + 1);
          const current = modelLayout(existing);
          const next = modelLayout([
            ...existing.slice(0, index),
            { label: 'inserted', type },
            ...existing.slice(index),
          ]);
          const kept = current.storage.every((entry) =>
            next.storage.some(
              (moved) => moved.label === entry.label && moved.slot === entry.slot && moved.offset === entry.offset,
            ),
          );
          const report = storageLayoutReport({ current, next, implementation });
          expect(report.ok).toBe(kept);
        }),
        { numRuns: propertyRuns },
      );
    },
    propertyTimeout,
  );

  test(
    'new base variables that a __gap shrinks for are compatible, whatever follows the gap',
    () => {
      fc.assert(
        fc.property(
          variablesArbitrary('base', 6),
          fc.array(fc.constantFrom(...valueTypes), { maxLength: 8 }),
          variablesArbitrary('child', 6),
          (base, addedTypes, child) => {
            const added = addedTypes.map((type, index): Variable => ({ label: `added${index}`, type }));
            const gap = 20;
            const withGap = (variables: Variable[], length: number) => [
              ...variables,
              { label: '__gap', type: uint256Array(length) },
              ...child,
            ];
            const used = endSlot(modelLayout([...base, ...added])) - endSlot(modelLayout(base));
            const report = storageLayoutReport({
              current: modelLayout(withGap(base, gap)),
              next: modelLayout(withGap([...base, ...added], gap - used)),
              implementation,
            });
            expect(report).toEqual({ implementation, ok: true, errors: [] });
          },
        ),
        { numRuns: propertyRuns },
      );
    },
    propertyTimeout,
  );
});

/** A parameter as ABIs write them: `tuple`, `tuple[]`, `uint64`, …, with `components` for tuples. */
export type FieldParameter = {
  readonly name?: string;
  readonly type: string;
  readonly components?: readonly FieldParameter[];
};

/** One value a path reaches, with its parameter and the array positions on the way (0-based). */
export type PathValue = { value: unknown; parameter: FieldParameter; indices: number[] };

/**
 * The values an ERC-7730 field path (`manifest.phases.[].steps.[].to`, `#.id`, `config.proposers.[0]`) reaches in
 * decoded structured data, each with its ABI parameter. `undefined` when the path names no parameter. Only name and
 * index selectors are read (`.[]` every element, `.[n]` one, negative from the end); a slice gives `undefined`.
 *
 * @example
 * resolvePath({ name: '', type: 'tuple', components: [{ name: 'id', type: 'bytes32' }] }, { id: '0x…' }, 'id')
 * // [{ value: '0x…', parameter: { name: 'id', type: 'bytes32' }, indices: [] }]
 */
export function resolvePath(root: FieldParameter, value: unknown, path: string): PathValue[] | undefined {
  let nodes: PathValue[] = [{ value, parameter: root, indices: [] }];
  for (const token of pathTokens(path)) {
    const next: PathValue[] = [];
    for (const node of nodes) {
      const reached = stepInto(node, token);
      if (reached === undefined) return undefined;
      next.push(...reached);
    }
    nodes = next;
  }
  return nodes;
}

/**
 * The parameter a path names, read from the types alone (no data): what `descriptors.test.ts` checks every field
 * against. `undefined` when the path names no parameter.
 *
 * @example
 * fieldParameter({ name: '', type: 'tuple', components: inputs }, 'manifest.phases.[].minSoak') // { name: 'minSoak', type: 'uint64' }
 */
export function fieldParameter(root: FieldParameter, path: string): FieldParameter | undefined {
  let parameter: FieldParameter | undefined = root;
  for (const token of pathTokens(path)) {
    if (parameter === undefined) return undefined;
    parameter = token.kind === 'name' ? component(parameter, token.name) : element(parameter);
  }
  return parameter;
}

type Token = { kind: 'name'; name: string } | { kind: 'all' } | { kind: 'index'; index: number } | { kind: 'slice' };

function pathTokens(path: string): Token[] {
  const relative = path.replace(/^#\./, '');
  return relative.split('.').map((part): Token => {
    if (part === '[]') return { kind: 'all' };
    const index = /^\[(-?\d+)\]$/.exec(part);
    if (index) return { kind: 'index', index: Number(index[1]) };
    if (part.startsWith('[')) return { kind: 'slice' };
    return { kind: 'name', name: part };
  });
}

function stepInto(node: PathValue, token: Token): PathValue[] | undefined {
  if (token.kind === 'slice') return undefined;
  if (token.kind === 'name') {
    const parameter = component(node.parameter, token.name);
    if (!parameter) return undefined;
    const record = node.value as Record<string, unknown> | readonly unknown[];
    const position = node.parameter.components!.indexOf(parameter);
    const value = Array.isArray(record) ? record[position] : (record as Record<string, unknown>)[token.name];
    return [{ value, parameter, indices: node.indices }];
  }
  const parameter = element(node.parameter);
  if (!parameter || !Array.isArray(node.value)) return undefined;
  const items = node.value as readonly unknown[];
  if (token.kind === 'all') {
    return items.map((value, index) => ({ value, parameter, indices: [...node.indices, index] }));
  }
  const index = token.index < 0 ? items.length + token.index : token.index;
  if (index < 0 || index >= items.length) return [];
  return [{ value: items[index], parameter, indices: [...node.indices, index] }];
}

/** The component `name` of a tuple (not an array of tuples). */
function component(parameter: FieldParameter, name: string): FieldParameter | undefined {
  if (parameter.type !== 'tuple') return undefined;
  return parameter.components?.find((candidate) => candidate.name === name);
}

/** The element parameter of an array (`tuple[]` → `tuple`, `address[3]` → `address`). */
function element(parameter: FieldParameter): FieldParameter | undefined {
  const match = /^(.*)\[\d*\]$/.exec(parameter.type);
  return match ? { ...parameter, type: match[1]! } : undefined;
}

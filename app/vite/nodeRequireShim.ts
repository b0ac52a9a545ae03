import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

import type { Plugin } from 'vite';

const shimId = '\0manifest-guard:node-module';
const tableId = '\0manifest-guard:require-table';

/**
 * shared/ reads contract ABIs from npm packages with `createRequire(import.meta.url)` (the Safe artifacts, the
 * OpenZeppelin ABIs of the decoder). A browser has no `node:module`: this plugin replaces it, for modules under
 * `sharedRoot`, with a `createRequire` whose `require` answers from a table built at build time. The table holds every
 * JSON file those modules can name (string literals under a `/build/` prefix combined with the `.json` paths and
 * contract names in the same file), ABI only: creation code is not shipped to the browser (`bytecode` is
 * `undefined` there; the app deploys only the guard, from shared/src/generated).
 */
export function nodeRequireShim({ root, sharedRoot }: { root: string; sharedRoot: string }): Plugin {
  return {
    name: 'manifest-guard:node-require-shim',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === 'node:module' && importer?.startsWith(sharedRoot)) return shimId;
      if (source === tableId) return tableId;
      return null;
    },
    load(id) {
      if (id === shimId) return shimModule;
      if (id === tableId) return tableModule(root, sharedRoot);
      return null;
    },
  };
}

const shimModule = `
import table from '${tableId}';
export function createRequire() {
  const require = (id) => {
    const entry = table[id];
    if (!entry) {
      throw new Error('"' + id + '" is not bundled for the browser. Add the file that requires it to the shared/ sources the node-require shim scans (app/vite/nodeRequireShim.ts).');
    }
    return entry;
  };
  require.resolve = (id) => {
    throw new Error('require.resolve("' + id + '") has no meaning in the browser: this code path is Node-only.');
  };
  return require;
}
`;

function tableModule(root: string, sharedRoot: string): string {
  const require = createRequire(join(root, 'package.json'));
  const abis = new Map<string, string>();
  const rows: string[] = [];
  for (const file of sourceFiles(sharedRoot)) {
    const text = readFileSync(file, 'utf8');
    if (!text.includes("from 'node:module'")) continue;
    for (const id of candidates(text)) {
      let path: string;
      try {
        path = require.resolve(id);
      } catch {
        continue;
      }
      const abi = JSON.stringify((JSON.parse(readFileSync(path, 'utf8')) as { abi?: unknown }).abi ?? []);
      if (!abis.has(abi)) abis.set(abi, `abi${abis.size}`);
      rows.push(`  ${JSON.stringify(id)}: { abi: ${abis.get(abi)}, bytecode: undefined },`);
    }
  }
  const constants = [...abis].map(([abi, name]) => `const ${name} = ${abi};`);
  return `${constants.join('\n')}\nexport default {\n${rows.join('\n')}\n};\n`;
}

function candidates(text: string): Set<string> {
  const literals = [...text.matchAll(/['`]([^'`$\n]+)(?:['`]|\$\{)/g)].map((match) => match[1]!);
  const prefixes = literals.filter((literal) => literal.includes('/build/')).map((p) => p.replace(/\/?$/, '/'));
  const suffixes = new Set<string>();
  for (const literal of literals) {
    if (literal.endsWith('.json')) suffixes.add(literal);
    else if (/^[A-Za-z][A-Za-z0-9]*$/.test(literal)) suffixes.add(`${literal}.json`);
  }
  const ids = new Set<string>();
  for (const prefix of prefixes) for (const suffix of suffixes) ids.add(`${prefix}${suffix}`.replace(/\/{2,}/g, '/'));
  return ids;
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.includes('.test.') && !relative(dir, path).startsWith('..')
      ? [path]
      : [];
  });
}

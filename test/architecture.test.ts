import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

import { describe, expect, test } from 'vitest';

/**
 * The layers of the repository, read from the imports themselves: the library (`shared/src`, one entry:
 * `shared/src/index.ts`) imports neither the CLI (`shared/src/cli`), nor the app, nor the dev kit (`shared/devkit`: the
 * local desk, the scripted demo, the Safe{Wallet}-like host, the Transaction Service stand-in, the local deployments
 * and the test fixtures); the CLI reaches the library through its entry; the app imports neither the CLI nor the dev
 * kit; and no module imports itself back through others (no cycle). Tests may import anything. The library has two
 * entries: `shared/src/index.ts` (the app's: nothing behind it imports a `node:` module, so it loads in a browser) and
 * `shared/src/node.ts` (the CLI's and the dev kit's: the front door plus Anvil, forks, simulations and the gate).
 */
const root = join(import.meta.dirname, '..');

type Layer = 'library' | 'cli' | 'app' | 'devkit' | 'test';

function layerOf(file: string): Layer {
  const path = relative(root, file);
  if (/\.test\.tsx?$/.test(path) || /(Fixtures|\.fixture|\.arbitrary)\.ts$/.test(path) || path.startsWith('test/'))
    return 'test';
  if (path.startsWith('app/')) return path.startsWith('app/src/test/') ? 'test' : 'app';
  if (path.startsWith('shared/devkit/')) return 'devkit';
  if (path.startsWith('shared/src/cli/')) return 'cli';
  return 'library';
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : sourceFiles(path);
    return /\.(ts|tsx|mjs)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The relative imports of a file (static and re-exports; with `dynamic`, `import()` too), resolved to files. */
function importsOf(file: string, { dynamic = true, types = true } = {}): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [
    ...[...text.matchAll(/(?:^|\n)\s*(?:import|export)(\s+type)?\s[^;]*?\sfrom\s+'(\.{1,2}\/[^']+)'/g)]
      .filter((match) => types || match[1] === undefined)
      .map((match) => [match[0], match[2]]),
    ...(dynamic ? text.matchAll(/import\(\s*'(\.{1,2}\/[^']+)'\s*\)/g) : []),
  ].map((match) => match[1]!);
  return specifiers.map((specifier) => {
    const target = resolve(dirname(file), specifier);
    for (const candidate of [target, target.replace(/\.js$/, '.ts'), target.replace(/\.js$/, '.tsx')])
      if (candidate.match(/\.(ts|tsx|mjs)$/) && exists(candidate)) return candidate;
    return target;
  });
}

/** The `node:` modules a file imports at run time (type-only imports aside). */
function nodeImportsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(import|export)(\s+type)?\s[^;]*?\sfrom\s+'(node:[^']+)'/g)]
    .filter((match) => match[2] === undefined)
    .map((match) => match[3]!);
}

function exists(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

const files = [
  ...sourceFiles(join(root, 'shared', 'src')),
  ...sourceFiles(join(root, 'shared', 'devkit')),
  ...sourceFiles(join(root, 'app', 'src')),
];
const graph = new Map(files.map((file) => [file, importsOf(file)]));
/** Static imports only: an `import()` that loads a part of the library on first use (code splitting) is allowed. */
const staticGraph = new Map(files.map((file) => [file, importsOf(file, { dynamic: false })]));
/** What loads at run time: static imports that are not `import type` (erased by TypeScript). */
const runtimeGraph = new Map(files.map((file) => [file, importsOf(file, { dynamic: false, types: false })]));

const frontDoor = join(root, 'shared', 'src', 'index.ts');
const nodeEntry = join(root, 'shared', 'src', 'node.ts');
const generated = join(root, 'shared', 'src', 'generated');

/** Imports from `layer` into library modules other than `entries` and the generated ABIs (static imports). */
function entryBypasses(layer: Layer, entries: string[]): string[] {
  return [...staticGraph]
    .filter(([file]) => layerOf(file) === layer)
    .flatMap(([file, imports]) =>
      imports
        .filter((target) => layerOf(target) === 'library' && !entries.includes(target) && !target.startsWith(generated))
        .map((target) => `${relative(root, file)} → ${relative(root, target)}`),
    );
}

/** The npm packages loaded with `entry` (static imports that are not type-only): `<package> (first from <file>)`. */
function packagesBehind(entry: string): string[] {
  const seen = new Set<string>();
  const found = new Map<string, string>();
  const visit = (file: string) => {
    if (seen.has(file) || !runtimeGraph.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)(\s+type)?\s[^;]*?\sfrom\s+'([^'.][^']*)'/g)) {
      if (match[1] !== undefined || match[2]!.startsWith('node:')) continue;
      const name = match[2]!
        .split('/')
        .slice(0, match[2]!.startsWith('@') ? 2 : 1)
        .join('/');
      if (!found.has(name)) found.set(name, `${name} (first from ${relative(root, file)})`);
    }
    for (const target of runtimeGraph.get(file) ?? []) visit(target);
  };
  visit(entry);
  return [...found.values()];
}

/** Every `node:` module loaded with `entry` (static imports that are not type-only), with the path that reaches it. */
function nodeModulesBehind(entry: string): string[] {
  const seen = new Set<string>();
  const hits: string[] = [];
  const visit = (file: string, path: string[]) => {
    if (seen.has(file) || !runtimeGraph.has(file)) return;
    seen.add(file);
    for (const specifier of nodeImportsOf(file))
      hits.push(`${[...path, file].map((step) => relative(root, step)).join(' → ')} → ${specifier}`);
    for (const target of runtimeGraph.get(file) ?? []) visit(target, [...path, file]);
  };
  visit(entry, []);
  return hits;
}

describe('the layers', () => {
  test('the import walk sees the tree (a sanity check of the walk itself)', () => {
    expect(files.length).toBeGreaterThan(200);
    const gate = join(root, 'shared', 'src', 'gate', 'gate.ts');
    expect(graph.get(gate)!.map((file) => relative(root, file))).toContain('shared/src/gate/rules/index.ts');
    expect(layerOf(join(root, 'shared', 'devkit', 'desk', 'main.ts'))).toBe('devkit');
    expect(layerOf(join(root, 'shared', 'src', 'cli', 'main.ts'))).toBe('cli');
    expect(layerOf(gate)).toBe('library');
  });

  test('no library module imports the CLI, the app or the dev kit', () => {
    const arrows = [...graph]
      .filter(([file]) => layerOf(file) === 'library')
      .flatMap(([file, imports]) =>
        imports
          .filter((target) => ['cli', 'app', 'devkit', 'test'].includes(layerOf(target)))
          .map((target) => `${relative(root, file)} → ${relative(root, target)} (${layerOf(target)})`),
      );
    expect(arrows).toEqual([]);
  });

  test('the CLI reaches the library only through its Node entry (shared/src/node.ts) and the ABIs', () => {
    expect(entryBypasses('cli', [nodeEntry])).toEqual([]);
  });

  test('the app reaches the library only through its front door (shared/src/index.ts) and the ABIs', () => {
    expect(entryBypasses('app', [frontDoor])).toEqual([]);
  });

  test('the front door runs anywhere (no node: module and only browser-ready packages behind it); the Node entry adds to it', () => {
    expect(nodeModulesBehind(frontDoor)).toEqual([]);
    // Vite's dev server loads every module behind the entry (no tree shaking there): one Node-only npm package breaks
    // the app. Add a package here only once it is known to run in a browser.
    const browserReady = ['viem', 'zod'];
    expect(packagesBehind(frontDoor).filter((hit) => !browserReady.includes(hit.split(' ')[0]!))).toEqual([]);
    expect(nodeModulesBehind(nodeEntry).length).toBeGreaterThan(0);
    expect(readFileSync(nodeEntry, 'utf8')).toContain("export * from './index.js';");
  });

  test('the app imports neither the CLI nor the dev kit', () => {
    const arrows = [...graph]
      .filter(([file]) => layerOf(file) === 'app')
      .flatMap(([file, imports]) =>
        imports
          .filter((target) => layerOf(target) === 'cli' || layerOf(target) === 'devkit')
          .map((target) => `${relative(root, file)} → ${relative(root, target)}`),
      );
    expect(arrows).toEqual([]);
  });

  test('nothing the app loads in the browser imports a Node module (node:…), however deep', () => {
    const appModules = [...staticGraph.keys()].filter((file) => layerOf(file) === 'app');
    expect(appModules.length).toBeGreaterThan(50);
    expect(appModules.flatMap((file) => nodeModulesBehind(file))).toEqual([]);
  });

  test('no import cycle among the modules of the library, the CLI, the dev kit and the app', () => {
    const modules = [...graph.keys()].filter((file) => layerOf(file) !== 'test');
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const stack: string[] = [];
    const visit = (file: string) => {
      state.set(file, 'visiting');
      stack.push(file);
      for (const target of graph.get(file) ?? []) {
        if (!graph.has(target) || layerOf(target) === 'test') continue;
        if (state.get(target) === 'visiting') {
          cycles.push([...stack.slice(stack.indexOf(target)), target].map((path) => relative(root, path)).join(' → '));
        } else if (!state.has(target)) visit(target);
      }
      stack.pop();
      state.set(file, 'done');
    };
    for (const file of modules) if (!state.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });
});

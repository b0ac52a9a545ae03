import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

import { describe, expect, test } from 'vitest';

/**
 * The layers of the repository, read from the imports themselves: the library (`shared/src`, one entry:
 * `shared/src/index.ts`) imports neither the CLI (`shared/src/cli`), nor the app, nor the dev kit (`shared/devkit`: the
 * local desk, the scripted demo, the Safe{Wallet}-like host, the Transaction Service stand-in, the local deployments
 * and the test fixtures); the CLI reaches the library through its entry; the app imports neither the CLI nor the dev
 * kit; and no module imports itself back through others (no cycle). Tests may import anything. (The app still imports
 * library modules one by one: the entry also re-exports Node-only modules (Anvil, forks), which Vite's dev server
 * cannot load in a browser; a browser-safe entry is the next step.)
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
function importsOf(file: string, { dynamic = true } = {}): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+'(\.{1,2}\/[^']+)'/g),
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

describe('the layers', () => {
  test('the import walk sees the tree (a sanity check of the walk itself)', () => {
    expect(files.length).toBeGreaterThan(200);
    const gate = join(root, 'shared', 'src', 'gate', 'gate.ts');
    expect(graph.get(gate)!.map((file) => relative(root, file))).toContain('shared/src/gate/evidenceReasons.ts');
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

  test('the CLI reaches the library only through its front door (shared/src/index.ts) and the ABIs', () => {
    const frontDoor = join(root, 'shared', 'src', 'index.ts');
    const generated = join(root, 'shared', 'src', 'generated');
    const arrows = [...staticGraph]
      .filter(([file]) => layerOf(file) === 'cli')
      .flatMap(([file, imports]) =>
        imports
          .filter((target) => layerOf(target) === 'library' && target !== frontDoor && !target.startsWith(generated))
          .map((target) => `${relative(root, file)} → ${relative(root, target)}`),
      );
    expect(arrows).toEqual([]);
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
    const seen = new Set<string>();
    const hits: string[] = [];
    const visit = (file: string, path: string[]) => {
      if (seen.has(file) || !staticGraph.has(file) || layerOf(file) === 'test') return;
      seen.add(file);
      for (const specifier of nodeImportsOf(file))
        hits.push([...path, file].map((step) => relative(root, step)).join(' → ') + ` → ${specifier}`);
      for (const target of staticGraph.get(file) ?? []) visit(target, [...path, file]);
    };
    for (const file of appModules) visit(file, []);
    expect(seen.size).toBeGreaterThan(100);
    expect(hits).toEqual([]);
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

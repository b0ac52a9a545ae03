// Loads the TypeScript CLI (shared/src/cli/main.ts) for the `manifest-guard` command.
//
// Through tsx's loader every module (viem's included) passes a resolve hook: about 1 s before a command starts. So the
// CLI's own sources are bundled once with esbuild (the compiler tsx itself uses) into one ES module under
// node_modules/.cache, npm packages left as imports, and later runs import that file: about 0.4 s. The bundle's name
// is a digest of every source file's path, size and modification time, so an edited source gets a fresh bundle on the
// next run. Should the bundle fail for any reason (no esbuild, a read-only tree), the sources run through tsx as before.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const sources = join(root, 'shared', 'src');
const entry = join(sources, 'cli', 'main.ts');
const cacheDir = join(root, 'node_modules', '.cache', 'manifest-guard-cli');

/** The CLI module: `{ main(argv): Promise<number> }`. */
export async function loadCli() {
  if (process.env.MANIFEST_GUARD_CLI_FROM_SOURCE !== '1') {
    try {
      return await import(pathToFileURL(await bundle()).href);
    } catch {
      // Fall through to the sources.
    }
  }
  const { tsImport } = await import('tsx/esm/api');
  return tsImport(entry, import.meta.url);
}

async function bundle() {
  const file = join(cacheDir, `cli-${digest()}.mjs`);
  try {
    statSync(file);
    return file;
  } catch {
    // Not built yet.
  }
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    write: false,
    logLevel: 'silent',
    plugins: [keepModuleUrls],
  });
  mkdirSync(cacheDir, { recursive: true });
  for (const old of readdirSync(cacheDir)) if (old.startsWith('cli-')) rmSync(join(cacheDir, old), { force: true });
  // Written under a name of its own, then renamed: a command started meanwhile never imports half a file.
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, result.outputFiles[0].contents);
  renameSync(partial, file);
  return file;
}

/** Every source the bundle is made of (tests aside), with its size and modification time, hashed. */
function digest() {
  const hash = createHash('sha256');
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  const walk = (dir) => {
    for (const item of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, item.name);
      if (item.isDirectory()) walk(path);
      else if (/\.(ts|mjs|json)$/.test(item.name) && !/\.test\.ts$/.test(item.name)) {
        const { size, mtimeMs } = statSync(path);
        hash.update(`${relative(sources, path)}\0${size}\0${mtimeMs}\n`);
      }
    }
  };
  walk(sources);
  return hash.digest('hex').slice(0, 16);
}

/**
 * Each source keeps its own `import.meta.url` (the library finds files beside its modules, and `createRequire`
 * resolves npm packages from there), not the bundle's.
 */
const keepModuleUrls = {
  name: 'keep-module-urls',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replaceAll(
        'import.meta.url',
        JSON.stringify(pathToFileURL(args.path).href),
      ),
      loader: 'ts',
    }));
  },
};

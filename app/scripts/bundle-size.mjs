#!/usr/bin/env node
// Builds the app and prints the gzip size of its first-load JavaScript: the entry script of index.html and every
// chunk it preloads. Fails above the budget (250 KB gzip); screens and heavy libraries must load lazily.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { build } from 'vite';

const budget = 250 * 1024;
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(root, 'app', 'dist');

await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });

const html = readFileSync(join(dist, 'index.html'), 'utf8');
const scripts = [
  ...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g),
  ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
].map((match) => match[1]);
if (scripts.length === 0) {
  console.error('No module script found in app/dist/index.html: did the build change its output?');
  process.exit(1);
}

let total = 0;
for (const src of new Set(scripts)) {
  const size = gzipSync(readFileSync(join(dist, src.replace(/^\//, '')))).length;
  total += size;
  console.log(`${(size / 1024).toFixed(1).padStart(8)} KB gzip  ${src}`);
}
console.log(`${(total / 1024).toFixed(1).padStart(8)} KB gzip  first-load JS (budget ${budget / 1024} KB)`);
if (total > budget) {
  console.error(`First-load JS is ${(total / 1024).toFixed(1)} KB gzip, over the ${budget / 1024} KB budget.`);
  console.error('Load the new dependency lazily (import() inside the screen or action that needs it).');
  process.exit(1);
}

#!/usr/bin/env node
/**
 * Makes sure Debian's Chromium is at /usr/bin/chromium for the browser end-to-end tests.
 *
 *   node test/e2e/browser/ensureChromium.mjs
 *
 * Present: prints its version and exits 0. Missing and running as root: installs it with
 * `apt-get update && apt-get install -y chromium` (progress on stdout) and exits 0 when it is then there.
 * Missing and not root: exits 1 naming the command to run. Playwright's own browser download is not used (the
 * machines reach only npm and Debian's archive).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const chromiumPath = '/usr/bin/chromium';
const installCommand = 'apt-get update && apt-get install -y chromium';

function version() {
  const result = spawnSync(chromiumPath, ['--version'], { encoding: 'utf8' });
  return (result.stdout || '').trim() || 'version unknown';
}

function run(command, args) {
  console.log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

if (existsSync(chromiumPath)) {
  console.log(`Chromium is installed: ${chromiumPath} (${version()})`);
  process.exit(0);
}
if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
  console.error(
    `Chromium is missing (${chromiumPath}); the browser tests need Debian's chromium package.\n` +
      `Install it as root: sudo sh -c '${installCommand}'`,
  );
  process.exit(1);
}
console.log(`Chromium is missing (${chromiumPath}): installing Debian's chromium package (takes a minute)…`);
if (!run('apt-get', ['update']) || !run('apt-get', ['install', '-y', 'chromium'])) {
  console.error(`Installing Chromium failed. Run it by hand and look at apt's output: ${installCommand}`);
  process.exit(1);
}
if (!existsSync(chromiumPath)) {
  console.error(`apt-get installed chromium but ${chromiumPath} is still missing.`);
  process.exit(1);
}
console.log(`Chromium installed: ${chromiumPath} (${version()})`);

#!/usr/bin/env node
/**
 * Runs a Foundry binary (forge, anvil, cast) from its npm platform package and exits with ITS exit code.
 * The `node_modules/.bin` wrappers of `@foundry-rs/*` 1.7 always exit 0, which would hide a failed build or a
 * failed `forge fmt --check`; every script of this repository goes through this file instead.
 *
 * Usage: node guard/tools/foundry.mjs forge build
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The path of the native `tool` binary for this machine. */
export function foundryBinary(tool) {
  const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch];
  const os = { linux: 'linux', darwin: 'darwin', win32: 'win32' }[process.platform];
  if (!arch || !os) throw new Error(`Foundry has no npm binary for ${process.platform}/${process.arch}.`);
  const name = process.platform === 'win32' ? `${tool}.exe` : tool;
  return require.resolve(`@foundry-rs/${tool}-${os}-${arch}/bin/${name}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [tool, ...args] = process.argv.slice(2);
  if (!['forge', 'anvil', 'cast'].includes(tool)) {
    console.error('usage: node guard/tools/foundry.mjs <forge|anvil|cast> [args…]');
    process.exit(2);
  }
  const result = spawnSync(foundryBinary(tool), args, { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

#!/usr/bin/env node
/**
 * `npm test`: every suite of the repository, in order, with one plain summary line at the end.
 *
 *   0. Debian's Chromium for the browser tests (installed with apt-get when missing and running as root)
 *   1. forge build (warning-free), forge fmt --check, solhint, generated ABI/bytecode modules up to date, the gas
 *      benchmark against the committed snapshot (fails when the routine step's overhead regresses), then the forge
 *      tests (unit, fuzz, invariant, integration, hashing vectors) under the `ci` profile, in two processes at low
 *      priority: the invariant campaigns in one, the rest in the other
 *   2. Prettier, storage-layout fixtures up to date, TypeScript types (library, CLI, dev kit, tests and app: one
 *      program, no unused locals), the app's first-load bundle within its budget (low priority, one at a time)
 *   3. vitest (shared library, CLI, hashing vectors, on-chain cross-checks against Anvil, app components, the
 *      `npm start` desk and the browser end-to-end tests in Chromium), fast-check properties at 1,000 runs (a new
 *      random seed each run; the lane classifier's comparison with the guard draws 10,000 cases)
 *   1, 2 and 3 run side by side from the start.
 *
 * Each step's pass/fail counts add up to the closing `N passed, N failed` line; the exit code is non-zero when
 * anything failed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';

import { foundryBinary } from '../guard/tools/foundry.mjs';

// The native forge binary: the npm wrapper in node_modules/.bin always exits 0.
const forge = foundryBinary('forge');

const startedAt = Date.now();
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
/** Each step's wall-clock seconds, for the closing summary. */
const stages = [];
/** The failed tests with their first error lines, repeated at the very end where a CI log's tail shows them. */
const failedTests = [];

function run(label, command, args, env = {}) {
  console.log(`\n▶ ${label}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  process.stdout.write(result.stdout ?? '');
  const seconds = (Date.now() - started) / 1000;
  stages.push([label, seconds]);
  console.log(`  (${seconds.toFixed(1)} s, exit ${result.status})`);
  return { ok: result.status === 0, stdout: result.stdout ?? '' };
}

/**
 * `run`, without blocking (for steps that run side by side): the step's output (stdout and stderr) is kept and printed as one block when it ends, so
 * that steps running side by side do not interleave their lines.
 */
function runBeside(label, command, args, env = {}) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    // A command that cannot start (not installed) fails its step instead of ending the run.
    child.on('error', (error) => (output += `could not run ${command}: ${error.message}\n`));
    child.on('close', (code) => {
      const seconds = (Date.now() - started) / 1000;
      stages.push([label, seconds]);
      console.log(`\n▶ ${label}: ${command} ${args.join(' ')}\n${output}  (${seconds.toFixed(1)} s, exit ${code})`);
      resolve({ ok: code === 0, stdout: output });
    });
  });
}

function count(label, ok) {
  if (ok) totals.passed += 1;
  else {
    totals.failed += 1;
    failures.push(label);
  }
  return ok;
}

function check(label, command, args, env) {
  return count(label, run(label, command, args, env).ok);
}

// 0. The browser the end-to-end tests drive.
check('Chromium', 'node', ['test/e2e/browser/ensureChromium.mjs']);

// Everything else runs side by side from the start, which keeps both cores of a 2-core machine busy: the whole run
// is about 900 CPU-seconds, so the order matters less than leaving no core idle.
//   - vitest (normal priority) needs no forge output: the ABIs and bytecode it uses are the committed generated
//     modules (whose freshness step 1 checks against the build).
//   - forge build (normal priority; solc-js split over one worker thread per core), then the Solidity checks, the gas
//     benchmark and the forge tests, all on that one build. The forge tests run at low priority (nice 10) in the CPU
//     time vitest leaves while its files wait on Anvil, CLI processes and Chromium, in two processes: the two
//     invariant campaigns in one, everything else in the other (in a single run forge's thread pool put both
//     campaigns on the same thread, one after the other, whatever --threads said).
//   - the TypeScript checks (low priority), one at a time.
mkdirSync('test-results', { recursive: true });
rmSync('test-results/vitest.json', { force: true });
const vitestRun = runBeside(
  'vitest',
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json'],
  { MANIFEST_GUARD_REQUIRE_BROWSER: '1', FAST_CHECK_RUNS: process.env.FAST_CHECK_RUNS ?? '1000' },
);

const lowPriority = (command, args) => ['-n', '10', command, ...args];
const typescriptChecks = (async () => {
  const steps = [
    ['prettier --check', 'npx', ['prettier', '--check', 'shared', 'test', 'app']],
    [
      'storage-layout fixtures are fresh',
      'npx',
      ['tsx', 'shared/scripts/generate-storage-layout-fixtures.ts', '--check'],
    ],
    // One program for the library, the CLI, the dev kit, the tests and the app: each module is checked once.
    ['TypeScript types (library, CLI, dev kit, tests, app)', 'npx', ['tsc', '--noEmit', '-p', '.']],
    ['app first-load bundle within budget', 'node', ['app/scripts/bundle-size.mjs']],
  ];
  for (const [label, command, args] of steps)
    count(label, (await runBeside(label, 'nice', lowPriority(command, args))).ok);
})();

const invariants = 'guard/test/invariant/*';
const forgeChecks = (async () => {
  const built = count('forge build', (await runBeside('forge build', forge, ['build', '--deny', 'warnings'])).ok);
  const checks = [
    ['forge fmt --check', forge, ['fmt', '--check']],
    ['solhint', 'npx', ['solhint', '--max-warnings', '0', 'guard/src/**/*.sol']],
  ];
  if (built) {
    checks.push(['generated artifacts are fresh', 'npx', ['tsx', 'shared/scripts/generate-artifacts.ts', '--check']]);
    // The gas benchmark (isolated transactions), compared with guard/snapshots/ManifestGuardGas.json, on the build
    // above (forge caches per source file).
    checks.push([
      'gas benchmark (no regression)',
      'node',
      ['guard/script/gas-report.mjs'],
      { FOUNDRY_OUT: 'out', FOUNDRY_CACHE_PATH: 'cache' },
    ]);
  }
  for (const [label, command, args, env] of checks) count(label, (await runBeside(label, command, args, env)).ok);
  if (!built) return [];
  const threads = String(availableParallelism());
  return Promise.all([
    runBeside(
      'forge test: invariant campaigns (ci profile, nice 10)',
      'nice',
      lowPriority(forge, ['test', '--threads', threads, '--match-path', invariants]),
      { FOUNDRY_PROFILE: 'ci' },
    ),
    runBeside(
      'forge test: unit, fuzz, integration (ci profile, nice 10)',
      'nice',
      lowPriority(forge, ['test', '--threads', threads, '--no-match-path', invariants]),
      { FOUNDRY_PROFILE: 'ci' },
    ),
  ]);
})();

const [forgeRuns, vitest] = await Promise.all([forgeChecks, vitestRun, typescriptChecks]);
const [campaigns, rest] = forgeRuns;
{
  for (const [label, forgeTest] of campaigns
    ? [
        ['forge test (invariants)', campaigns],
        ['forge test', rest],
      ]
    : []) {
    const match = forgeTest.stdout.match(/(\d+) tests passed, (\d+) failed, (\d+) skipped/);
    if (match) {
      totals.passed += Number(match[1]);
      totals.failed += Number(match[2]);
      totals.skipped += Number(match[3]);
      if (Number(match[2]) > 0) failures.push(label);
      for (const line of forgeTest.stdout.split('\n'))
        if (/^\[FAIL/.test(line.trim())) failedTests.push(`forge: ${line.trim()}`);
    }
    if (!forgeTest.ok && (!match || Number(match[2]) === 0)) {
      totals.failed += 1;
      failures.push(`${label} (did not complete)`);
    }
  }
}
try {
  const report = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  if (report.numFailedTests > 0 || !vitest.ok) failures.push('vitest');
  for (const file of report.testResults) {
    if (file.status === 'failed' && file.message)
      failedTests.push(
        `${file.name.replace(`${process.cwd()}/`, '')}\n      ${file.message.split('\n').slice(0, 8).join('\n      ')}`,
      );
    for (const test of file.assertionResults.filter((t) => t.status === 'failed')) {
      const message = (test.failureMessages ?? []).join('\n').split('\n').slice(0, 8).join('\n      ');
      failedTests.push(`${file.name.replace(`${process.cwd()}/`, '')} > ${test.fullName}\n      ${message}`);
    }
  }
  if (!vitest.ok && report.numFailedTests === 0) totals.failed += 1;
} catch {
  totals.failed += 1;
  failures.push('vitest (no report)');
}

console.log('\nSeconds per step (the forge steps, the TypeScript checks and vitest ran side by side):');
for (const [label, seconds] of stages) console.log(`  ${seconds.toFixed(1).padStart(7)}  ${label}`);
console.log(`  ${((Date.now() - startedAt) / 1000).toFixed(1).padStart(7)}  in all (wall clock)`);
if (failedTests.length > 0) console.log(`\nFailed tests:\n${failedTests.map((t) => `  ✗ ${t}`).join('\n')}`);
if (failures.length > 0) console.log(`\nFailed: ${failures.join(', ')}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed === 0 ? 0 : 1);

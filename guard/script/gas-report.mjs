#!/usr/bin/env node
// Gas report for the Manifest Guard (`npm run gas`).
//
// Runs the isolated forge benchmark (guard/test/gas/), which measures whole-transaction gas (the figure a receipt's
// `gasUsed` shows) of the same Safe transaction with and without the guard, and the gas of registration and
// approvals, and writes the figures to guard/snapshots/ManifestGuardGas.json. Prints them as a table beside
// reference figures and targets, and exits 1 when any row regressed by more than 2% against the committed
// snapshot (git HEAD, or the file as it was before this run when it is not committed yet).
//
// Usage: node guard/script/gas-report.mjs [--no-run]
//   --no-run  print the snapshot on disk without running forge
// FOUNDRY_OUT and FOUNDRY_CACHE_PATH default to out-gas/ and cache-gas/, apart from other builds.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { foundryBinary } from '../tools/foundry.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SNAPSHOT = 'guard/snapshots/ManifestGuardGas.json';
const BENCHMARK = 'guard/test/gas/*';
/** Fail when any row's figure grows by more than this fraction of the committed figure. */
const TOLERANCE = 0.02;

/** Safe transactions: [snapshot key, label, target for the gas the guard adds]. */
const SAFE_CASES = [
  ['routineStep', 'routine mid-phase step', 12_000],
  ['routineStepUncached', 'routine step, executor not cached', 14_000],
  ['phaseCompletingStep', 'phase-completing step, 1 check', 22_000],
  ['releaseFirstStep', 'first step of a release (arms its rollback)', 30_000],
  ['moduleStep', 'module transaction (module guard)', 14_000],
  ['batchStep1', 'MultiSendCallOnly batch step, 1 call', 15_000],
  ['batchStep5', 'MultiSendCallOnly batch step, 5 calls', 15_000 + 4 * 60],
  ['batchStep20', 'MultiSendCallOnly batch step, 20 calls', 15_000 + 19 * 60],
];
const REGISTER_SIZES = [1, 5, 20];
/** Calls besides Safe transactions: [snapshot key, label, target or null]. */
const LIFECYCLE_CASES = [
  ...REGISTER_SIZES.map((size) => [
    `register/${size}steps`,
    `register, ${size} step${size === 1 ? '' : 's'}`,
    size === 1 ? 180_000 : null,
  ]),
  ['register/perStep', `register, per additional step (${REGISTER_SIZES[0]} → ${REGISTER_SIZES.at(-1)})`, 25_000],
  ['register/refused100steps', 'register refused by the shape rules (100 steps)', null],
  ['approve/first', 'approve (below threshold)', 60_000],
  ['approve/threshold', 'approve (reaching threshold)', 80_000],
];

const REFERENCES = [
  ['guard binding one stored record', '~11,900 per transaction'],
  ['timelock round trip (schedule + execute)', '~112,000'],
  ['queue-and-execute guard', '~76,000 per execution + ~325,000 to queue'],
];

class GasReportError extends Error {
  name = 'GasReportError';
}

function readJson(text, where) {
  try {
    return Object.fromEntries(Object.entries(JSON.parse(text)).map(([key, value]) => [key, Number(value)]));
  } catch (error) {
    throw new GasReportError(`${where} is not a gas snapshot: ${error.message}`);
  }
}

/** The snapshot as committed at HEAD, else as it is on disk now (before this run overwrites it), else null. */
function readBaseline() {
  try {
    const text = execFileSync('git', ['show', `HEAD:${SNAPSHOT}`], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return { figures: readJson(text, `HEAD:${SNAPSHOT}`), source: `${SNAPSHOT} at HEAD` };
  } catch (error) {
    if (error instanceof GasReportError) throw error;
  }
  const path = join(ROOT, SNAPSHOT);
  if (!existsSync(path)) return null;
  return { figures: readJson(readFileSync(path, 'utf8'), SNAPSHOT), source: `${SNAPSHOT} (not committed)` };
}

/** Everything under guard/ that the benchmark does not need, so unrelated work in progress cannot break the build. */
function skippedPaths() {
  const skip = ['guard/script/**'];
  for (const entry of readdirSync(join(ROOT, 'guard/test'))) {
    if (entry === 'gas' || entry === 'utils') continue;
    const isDir = statSync(join(ROOT, 'guard/test', entry)).isDirectory();
    skip.push(isDir ? `guard/test/${entry}/**` : `guard/test/${entry}`);
  }
  return skip;
}

function runBenchmark() {
  const args = ['test', '--isolate', '--match-path', BENCHMARK, '--skip', ...skippedPaths()];
  const env = {
    ...process.env,
    FOUNDRY_OUT: process.env.FOUNDRY_OUT ?? 'out-gas',
    FOUNDRY_CACHE_PATH: process.env.FOUNDRY_CACHE_PATH ?? 'cache-gas',
  };
  process.stderr.write(`running: forge ${args.join(' ')}\n`);
  const started = Date.now();
  // The native binary: the npm wrapper in node_modules/.bin always exits 0.
  const result = spawnSync(foundryBinary('forge'), args, {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    shell: process.platform === 'win32',
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.error) throw new GasReportError(`could not run forge: ${result.error.message}`);
  if (result.status !== 0) {
    process.stderr.write(output);
    throw new GasReportError(`forge test exited with ${result.status}`);
  }
  if (/\[SKIP/.test(output)) {
    process.stderr.write(output);
    throw new GasReportError('benchmark tests were skipped: the figures were not measured');
  }
  process.stderr.write(`done in ${Math.round((Date.now() - started) / 1000)} s\n\n`);
}

const format = (value) => (value === undefined ? '—' : Math.round(value).toLocaleString('en-US'));

function change(current, baseline) {
  if (current === undefined || baseline === undefined) return '';
  if (baseline === 0) return current === 0 ? '±0' : 'new';
  const percent = ((current - baseline) / baseline) * 100;
  return `${percent >= 0 ? '+' : ''}${percent.toFixed(2)}%`;
}

/** Safe versions present in the snapshot, oldest first (compared as numbers, never as strings). */
function safeVersions(figures) {
  const versions = new Set();
  for (const key of Object.keys(figures)) {
    const match = /^[^/]+\/safe-(\d+\.\d+\.\d+)\//.exec(key);
    if (match) versions.add(match[1]);
  }
  const parts = (version) => version.split('.').map(Number);
  return [...versions].sort((a, b) => {
    const [x, y] = [parts(a), parts(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  });
}

function rows(figures) {
  const list = [];
  for (const [key, label, target] of SAFE_CASES) {
    for (const version of safeVersions(figures)) {
      const prefix = `${key}/safe-${version}/`;
      // The module guard exists from Safe 1.5.0 on: older versions have no such row.
      if (!(`${prefix}added` in figures) && key === 'moduleStep') continue;
      list.push({
        label: `${label} (Safe ${version})`,
        without: figures[`${prefix}withoutGuard`],
        with: figures[`${prefix}withGuard`],
        added: figures[`${prefix}added`],
        key: `${prefix}added`,
        target,
      });
    }
  }
  for (const [key, label, target] of LIFECYCLE_CASES) {
    list.push({ label, with: figures[key], added: figures[key], key, target });
  }
  return list;
}

/** Columns padded to their widest cell; numbers right-aligned; `header` may be null. */
function table(header, body, { numeric = true } = {}) {
  const all = header ? [header, ...body] : body;
  const widths = all[0].map((_, column) => Math.max(...all.map((row) => row[column].length)));
  const line = (cells) =>
    cells
      .map((cell, column) => (column > 0 && numeric ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
      .join('   ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('   ');
  return [...(header ? [line(header), rule] : []), ...body.map(line)].join('\n');
}

function verdict(row) {
  if (row.target === null || row.added === undefined) return '';
  return row.added <= row.target ? 'met' : `+${format(row.added - row.target)}`;
}

function report(figures, baseline) {
  const header = ['case', 'without guard', 'with guard', 'added', 'target', 'vs target', 'vs committed'];
  const body = rows(figures).map((row) => [
    row.label,
    format(row.without),
    format(row.with),
    format(row.added),
    row.target === null ? '—' : format(row.target),
    verdict(row),
    baseline ? change(row.added, baseline.figures[row.key]) : '',
  ]);
  console.log('Manifest Guard: whole-transaction gas (isolated transactions, refunds applied)\n');
  console.log(table(header, body));
  console.log(
    "\nwithout guard: the same Safe transaction (nonce, signatures, storage transitions) with the Safe's guard slot\n" +
      '(or module guard slot) cleared. Registration and approvals have no counterpart without the guard: all of their\n' +
      'gas is added. A refused registration must revert before it hashes, classifies or stores anything.',
  );

  const queue = figures['register/1steps'] + figures['approve/first'] + figures['approve/threshold'];
  const routine = safeVersions(figures)
    .map((version) => [version, figures[`routineStep/safe-${version}/added`]])
    .filter(([, added]) => added !== undefined);
  const referenceRows = [
    ['this guard: routine step', routine.map(([version, added]) => `${format(added)} (Safe ${version})`).join(', ')],
    ...REFERENCES,
    ['this guard: queue a 1-step manifest', `${format(queue)} (register + 2 approvals; its Rollback the same again)`],
  ];
  console.log('\nReference points (gas added per Safe transaction unless noted)\n');
  console.log(table(null, referenceRows, { numeric: false }));
}

/** Every row against the baseline: the regressions beyond the tolerance, and rows no longer measured. */
function regressions(figures, baseline) {
  const failures = [];
  const measured = new Set(rows(figures).map((row) => row.key));
  for (const [key, committed] of Object.entries(baseline.figures)) {
    if (!/\/added$/.test(key) && !LIFECYCLE_CASES.some(([lifecycleKey]) => lifecycleKey === key)) continue;
    const current = figures[key];
    if (current === undefined || !measured.has(key)) {
      failures.push(`${key}: in the committed snapshot but not measured`);
    } else if (current > committed * (1 + TOLERANCE)) {
      failures.push(`${key}: ${format(current)} vs committed ${format(committed)} (${change(current, committed)})`);
    }
  }
  return failures;
}

function main() {
  const args = process.argv.slice(2);
  if (args.includes('--help')) {
    console.log('usage: node guard/script/gas-report.mjs [--no-run]');
    return 0;
  }
  const baseline = readBaseline();
  if (!args.includes('--no-run')) runBenchmark();

  const path = join(ROOT, SNAPSHOT);
  if (!existsSync(path)) throw new GasReportError(`${SNAPSHOT} was not written: did the benchmark run?`);
  const text = readFileSync(path, 'utf8');
  // forge writes no final newline; add it so the committed file passes `prettier --check`.
  if (!text.endsWith('\n')) writeFileSync(path, `${text}\n`);
  const figures = readJson(text, SNAPSHOT);
  const missing = rows(figures)
    .filter((row) => row.added === undefined)
    .map((row) => row.label);
  if (missing.length > 0 || safeVersions(figures).length === 0) {
    throw new GasReportError(
      `${SNAPSHOT} lacks figures (${missing.join(', ') || 'Safe transactions'}): run the whole benchmark`,
    );
  }

  report(figures, baseline);

  console.log('');
  if (!baseline) {
    console.log(`No committed snapshot to compare with: commit ${SNAPSHOT}.`);
    return 0;
  }
  const failures = regressions(figures, baseline);
  if (failures.length > 0) {
    console.error(`Gas regressed by more than ${TOLERANCE * 100}% against ${baseline.source}:`);
    for (const failure of failures) console.error(`  ${failure}`);
    return 1;
  }
  console.log(`Every row within ${TOLERANCE * 100}% of ${baseline.source}.`);
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  if (!(error instanceof GasReportError)) throw error;
  console.error(`gas-report: ${error.message}`);
  process.exitCode = 1;
}

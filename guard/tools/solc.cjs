// A `solc` executable for forge, backed by solc-js from npm (no native compiler download is possible here).
// `solc --version` prints what forge parses; anything else reads standard-JSON input on stdin and compiles it.
// Forge passes every source inside the JSON, so no import callback is needed.
//
// solc-js runs on one thread. A large input (a fresh build: the guard, its tests, scripts and libraries) is split
// across worker threads, one per core: each worker sees every source (same source ids, same analysis) but generates
// code only for its share of the files forge asked output for; the outputs are merged into one standard-JSON answer.
// Code generation is deterministic, so the merged output is the one a single compiler run would give.
const os = require('node:os');
const path = require('node:path');
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');

const solcPath = path.join(__dirname, '..', '..', 'node_modules', 'solc');

/** Below this many files to generate code for, one compiler run is faster than starting workers. */
const SPLIT_FROM_FILES = 8;

if (!isMainThread) {
  parentPort.postMessage(require(solcPath).compile(workerData));
} else if (process.argv.includes('--version')) {
  const version = require(solcPath).version().replace('.Emscripten.clang', '.Linux.g++');
  process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${version}\n`);
  process.exit(0);
} else {
  const chunks = [];
  process.stdin.on('data', (chunk) => chunks.push(chunk));
  process.stdin.on('end', async () => {
    const text = Buffer.concat(chunks).toString('utf8');
    process.stdout.write(await compile(text));
  });
}

async function compile(text) {
  const input = JSON.parse(text);
  const selection = input.settings?.outputSelection ?? {};
  const files = Object.keys(selection);
  const workers = Math.min(os.availableParallelism?.() ?? os.cpus().length, 4);
  if (workers < 2 || files.length < SPLIT_FROM_FILES || '*' in selection) return require(solcPath).compile(text);

  const groups = partition(files, (file) => input.sources[file]?.content?.length ?? 1, workers);
  const outputs = await Promise.all(
    groups.map((group) => {
      const part = { ...input, settings: { ...input.settings, outputSelection: pick(selection, group) } };
      return runWorker(JSON.stringify(part)).then((output) => JSON.parse(output));
    }),
  );
  return JSON.stringify(merge(outputs));
}

/** Files into `count` groups of about equal source length (largest first, each into the lightest group). */
function partition(files, weight, count) {
  const groups = Array.from({ length: count }, () => ({ files: [], weight: 0 }));
  for (const file of [...files].sort((a, b) => weight(b) - weight(a))) {
    const lightest = groups.reduce((min, group) => (group.weight < min.weight ? group : min));
    lightest.files.push(file);
    lightest.weight += weight(file);
  }
  return groups.map((group) => group.files).filter((group) => group.length > 0);
}

function pick(selection, files) {
  return Object.fromEntries(files.map((file) => [file, selection[file]]));
}

function runWorker(input) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: input });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`solc worker exited with ${code}`)));
  });
}

/** One standard-JSON output from several: contracts by file, every source, each diagnostic once. */
function merge(outputs) {
  const merged = { contracts: {}, sources: {}, errors: [] };
  const seen = new Set();
  for (const output of outputs) {
    Object.assign(merged.sources, output.sources);
    for (const [file, contracts] of Object.entries(output.contracts ?? {}))
      for (const [name, contract] of Object.entries(contracts))
        if (Object.keys(contract).length > 0) (merged.contracts[file] ??= {})[name] = contract;
    for (const error of output.errors ?? []) {
      const key = `${error.severity}\0${error.formattedMessage ?? error.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      merged.errors.push(error);
    }
  }
  if (merged.errors.length === 0) delete merged.errors;
  return merged;
}

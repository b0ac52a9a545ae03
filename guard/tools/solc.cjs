// A `solc` executable for forge, backed by solc-js from npm (no native compiler download is possible here).
// `solc --version` prints what forge parses; anything else reads standard-JSON input on stdin and compiles it.
// Forge passes every source inside the JSON, so no import callback is needed.
const path = require('node:path');
const solc = require(path.join(__dirname, '..', '..', 'node_modules', 'solc'));

if (process.argv.includes('--version')) {
  const version = solc.version().replace('.Emscripten.clang', '.Linux.g++');
  process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${version}\n`);
  process.exit(0);
}

const chunks = [];
process.stdin.on('data', (chunk) => chunks.push(chunk));
process.stdin.on('end', () => {
  process.stdout.write(solc.compile(Buffer.concat(chunks).toString('utf8')));
});

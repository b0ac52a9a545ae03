#!/usr/bin/env node
// The manifest-guard command: runs the TypeScript CLI (shared/src/cli/main.ts), bundled once (see loadCli.mjs).
import { loadCli } from './loadCli.mjs';

const { main } = await loadCli();
const code = await main(process.argv.slice(2));
process.exitCode = code;
// Every command ends with its result: whatever a library left running (a keep-alive socket, a polling timer) does not
// keep the process alive past this.
setTimeout(() => process.exit(code), 1_000).unref();

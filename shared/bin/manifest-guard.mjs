#!/usr/bin/env node
// The manifest-guard command: runs the TypeScript CLI (shared/src/cli/main.ts) through tsx's loader API.
import { tsImport } from 'tsx/esm/api';

const { main } = await tsImport('../src/cli/main.ts', import.meta.url);
const code = await main(process.argv.slice(2));
process.exitCode = code;
// Every command ends with its result: whatever a library left running (a keep-alive socket, a polling timer) does not
// keep the process alive past this.
setTimeout(() => process.exit(code), 1_000).unref();

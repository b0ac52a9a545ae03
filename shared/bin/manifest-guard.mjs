#!/usr/bin/env node
// The manifest-guard command: runs the TypeScript CLI (shared/src/cli/main.ts) through tsx's loader API.
import { tsImport } from 'tsx/esm/api';

const { main } = await tsImport('../src/cli/main.ts', import.meta.url);
process.exitCode = await main(process.argv.slice(2));

import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';

import type { Abi } from 'viem';

import { ArtifactsDirectoryError } from './errors.js';

/** A contract's ABI from forge's build output. */
export type ForgeArtifact = { contract: string; source: string; abi: Abi };

/**
 * Reads the ABIs in forge's build output (`out/<File>.sol/<Contract>.json`, also `<Contract>.<version>.json` when
 * several compilers ran); contracts without functions (libraries of events, empty ABIs) are left out.
 *
 * @throws {ArtifactsDirectoryError} when the directory is missing or holds no contract artifact.
 * @example
 * const artifacts = await readArtifacts('out');
 * artifacts.find((artifact) => artifact.contract === 'PoolV2')?.abi;
 */
export async function readArtifacts(directory: string): Promise<ForgeArtifact[]> {
  let sources: string[];
  try {
    sources = (await readdir(directory, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory() && entry.name.endsWith('.sol'))
      .map((entry) => entry.name)
      .sort();
  } catch {
    throw new ArtifactsDirectoryError(directory, 'there is no such directory.');
  }
  const artifacts: ForgeArtifact[] = [];
  for (const source of sources) {
    const files = (await readdir(join(directory, source))).filter((name) => name.endsWith('.json')).sort();
    for (const name of files) {
      let abi: unknown;
      try {
        abi = (JSON.parse(await readFile(join(directory, source, name), 'utf8')) as { abi?: unknown }).abi;
      } catch {
        continue;
      }
      if (!Array.isArray(abi) || !abi.some((item) => (item as { type?: unknown }).type === 'function')) continue;
      artifacts.push({ contract: name.replace(/(\.[0-9]+\.[0-9]+\.[0-9]+)?\.json$/, ''), source, abi: abi as Abi });
    }
  }
  if (artifacts.length === 0) {
    throw new ArtifactsDirectoryError(directory, 'it holds no <File>.sol/<Contract>.json with functions in its "abi".');
  }
  return artifacts;
}

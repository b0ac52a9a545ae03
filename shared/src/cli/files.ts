import { readFile, writeFile } from 'node:fs/promises';

import { parseReleasePackage, type ReleasePackage, serializeReleasePackage, toJson } from '../node.js';
import { CliFileError } from './errors.js';

/** A file's text. @throws {CliFileError} naming the path when it cannot be read. */
export async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliFileError(
      path,
      code === 'ENOENT' ? `no such file (the ${what})` : `cannot be read (${code})`,
      `Pass the path of the ${what}.`,
    );
  }
}

/** A JSON file's value. @throws {CliFileError} when it is missing or not JSON. */
export async function readJson(path: string, what: string): Promise<unknown> {
  const text = await readText(path, what);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliFileError(path, `is not JSON (${(error as Error).message})`, `Fix the syntax of the ${what}.`);
  }
}

/** A release package file, parsed and validated. @throws {ReleasePackageError} with every problem's JSON path. */
export async function readPackage(path: string): Promise<ReleasePackage> {
  return parseReleasePackage(await readText(path, 'release package'));
}

/** Writes a release package (ISO times, two-space indentation). */
export async function writePackage(path: string, pkg: ReleasePackage): Promise<void> {
  await writeFile(path, `${serializeReleasePackage(pkg)}\n`);
}

/** Writes any value as JSON (bigints as decimal strings). */
export async function writeJson(path: string, value: unknown): Promise<void> {
  await writeFile(path, `${JSON.stringify(toJson(value), null, 2)}\n`);
}

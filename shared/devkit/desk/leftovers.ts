import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

import { processEnded, waitForProcessEnd } from '../../src/fork/anvil.js';
import type { DeskService } from './options.js';

/** A process a desk started (or the desk itself), with the ports it holds. */
export type DeskProcess = {
  role: 'desk' | 'watchdog' | 'anvil';
  pid: number;
  ports: number[];
  /** Linux: the process's start time in clock ticks after boot (`/proc/<pid>/stat`), so a reused pid is not taken for it. */
  startTicks?: string;
};

/** What a running desk records in `<out>/desks/<pid>.json`, so a later start can find it if it is left over. */
export type DeskRecord = {
  pid: number;
  /** ISO 8601. */
  startedAt: string;
  ports: Record<DeskService, number>;
  processes: DeskProcess[];
};

/** A desk from an earlier start with processes of its own still running. */
export type Leftover = { record: DeskRecord; live: DeskProcess[] };

const recordDir = (outDir: string) => join(outDir, 'desks');
const recordFile = (outDir: string, pid: number) => join(recordDir(outDir), `${pid}.json`);

/** Linux: field 22 of `/proc/<pid>/stat`; undefined elsewhere or when the process is gone. */
export function processStartTicks(pid: number): string | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** The command line of `pid` as its arguments; undefined when it cannot be read (then nothing is assumed about it). */
function commandLine(pid: number): string[] | undefined {
  try {
    if (process.platform === 'linux') {
      const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      return raw.split('\0').filter((arg) => arg !== '');
    }
    if (process.platform === 'win32') return undefined;
    const command = execFileSync('ps', ['-p', String(pid), '-o', 'command='], { encoding: 'utf8' }).trim();
    return command === '' ? undefined : command.split(/\s+/);
  } catch {
    return undefined;
  }
}

/**
 * Whether `recorded` still runs and is the very process a desk recorded: the desk's `main.ts`, the Anvil watchdog or
 * Anvil on the recorded port, started at the recorded time (Linux). A process that cannot be checked is not ours.
 */
export function isOurProcess(recorded: DeskProcess): boolean {
  if (processEnded(recorded.pid)) return false;
  const args = commandLine(recorded.pid);
  if (!args) return false;
  if (recorded.startTicks !== undefined && processStartTicks(recorded.pid) !== recorded.startTicks) return false;
  const onPort = (port: number | undefined) => args.some((arg, i) => arg === '--port' && args[i + 1] === String(port));
  switch (recorded.role) {
    case 'desk':
      return args.some((arg) => arg.replaceAll('\\', '/').endsWith('desk/main.ts'));
    case 'watchdog':
      return args.some((arg) => basename(arg) === 'anvilWatchdog.mjs') && onPort(recorded.ports[0]);
    case 'anvil':
      return /^anvil(\.exe)?$/.test(basename(args[0] ?? '')) && onPort(recorded.ports[0]);
  }
}

/** Writes (or rewrites) this desk's record. */
export async function recordDesk(outDir: string, record: DeskRecord): Promise<void> {
  await mkdir(recordDir(outDir), { recursive: true });
  const file = recordFile(outDir, record.pid);
  await writeFile(`${file}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
}

/** Removes a desk's record (its processes are gone). */
export async function forgetDesk(outDir: string, pid: number): Promise<void> {
  await rm(recordFile(outDir, pid), { force: true });
}

async function readRecords(outDir: string): Promise<DeskRecord[]> {
  let names: string[];
  try {
    names = await readdir(recordDir(outDir));
  } catch {
    return [];
  }
  const records: DeskRecord[] = [];
  for (const name of names.filter((n) => /^\d+\.json$/.test(n))) {
    try {
      const record = JSON.parse(await readFile(join(recordDir(outDir), name), 'utf8')) as DeskRecord;
      if (Number.isInteger(record.pid) && Array.isArray(record.processes)) records.push(record);
    } catch {
      // a record being written, or not one of ours: skip it
    }
  }
  return records;
}

/**
 * The desks recorded in `outDir` by earlier starts whose own processes still hold one of `ports`. Records whose
 * processes are all gone are removed on the way.
 */
export async function findLeftovers(outDir: string, ports: readonly number[]): Promise<Leftover[]> {
  const leftovers: Leftover[] = [];
  for (const record of await readRecords(outDir)) {
    if (record.pid === process.pid) continue;
    const live = record.processes.filter(isOurProcess);
    if (live.length === 0) {
      await forgetDesk(outDir, record.pid);
      continue;
    }
    if (live.some((p) => p.ports.some((port) => ports.includes(port)))) leftovers.push({ record, live });
  }
  return leftovers;
}

/** The live process of `leftover` that holds `port`: the desk itself while it runs, else its Anvil or watchdog. */
export function holderOf(leftover: Leftover, port: number): DeskProcess | undefined {
  const holders = leftover.live.filter((p) => p.ports.includes(port));
  for (const role of ['desk', 'anvil', 'watchdog'] as const) {
    const holder = holders.find((p) => p.role === role);
    if (holder) return holder;
  }
  return undefined;
}

/** `YYYY-MM-DD HH:MM:SS` in local time. */
export function formatStartedAt(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

const graceMs: Record<DeskProcess['role'], number> = { desk: 20_000, watchdog: 8_000, anvil: 3_000 };

/**
 * Stops the live processes of a leftover desk: the desk first (SIGTERM: it stops its own services and Anvil), then
 * whatever of its Anvil still runs; SIGKILL for one that does not end within its grace time. Each pid is checked to
 * still be ours right before it is signalled. Resolves once they are all gone; the record is removed.
 *
 * @returns the processes that were stopped.
 */
export async function stopLeftover(outDir: string, leftover: Leftover): Promise<DeskProcess[]> {
  const stopped: DeskProcess[] = [];
  const order: DeskProcess['role'][] = ['desk', 'watchdog', 'anvil'];
  for (const role of order) {
    for (const recorded of leftover.record.processes.filter((p) => p.role === role)) {
      if (!isOurProcess(recorded)) continue;
      try {
        process.kill(recorded.pid, 'SIGTERM');
        if (!(await waitForProcessEnd(recorded.pid, graceMs[role])) && isOurProcess(recorded))
          process.kill(recorded.pid, 'SIGKILL');
      } catch {
        // ended on its own in between
      }
      await waitForProcessEnd(recorded.pid, 5_000);
      stopped.push(recorded);
    }
  }
  await forgetDesk(outDir, leftover.record.pid);
  return stopped;
}

import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { DeskOptionError } from './errors.js';

/** The services of the desk, each on its own port of 127.0.0.1. */
export type DeskService = 'anvil' | 'txService' | 'app' | 'host';

export type DeskOptions = {
  ports: Record<DeskService, number>;
  chainId: number;
  /** Where the sample release package is written, and the record of the running desk (`desks/<pid>.json`). */
  outDir: string;
  /**
   * `start`; `stop`: stop a desk from an earlier start that holds these ports, and exit; `replace`: stop it, then
   * start.
   */
  mode: 'start' | 'stop' | 'replace';
  /** The command-line arguments without `--stop`/`--replace`, to repeat in the commands the desk suggests. */
  args: string[];
};

/** Each port's default, flag and environment variable. */
export const deskPorts: Record<DeskService, { label: string; flag: string; env: string; fallback: number }> = {
  anvil: { label: 'Anvil RPC', flag: '--anvil-port', env: 'MANIFEST_GUARD_ANVIL_PORT', fallback: 8545 },
  txService: {
    label: 'Safe Transaction Service stand-in',
    flag: '--tx-service-port',
    env: 'MANIFEST_GUARD_TX_SERVICE_PORT',
    fallback: 5174,
  },
  app: { label: 'Safe App (Vite)', flag: '--app-port', env: 'MANIFEST_GUARD_APP_PORT', fallback: 5173 },
  host: { label: 'Safe-like host page', flag: '--host-port', env: 'MANIFEST_GUARD_HOST_PORT', fallback: 5175 },
};

export const deskUsage = [
  'npm start [-- options]: the local release desk (chain, Safe, guard, tx service, Safe App, host page).',
  '',
  ...Object.values(deskPorts).map(
    (p) => `  ${`${p.flag} <port>`.padEnd(24)} ${p.label} (default ${p.fallback}, or ${p.env})`,
  ),
  `  ${'--out <dir>'.padEnd(24)} where the sample release package goes (default: <tmp>/manifest-guard-desk)`,
  `  ${'--stop'.padEnd(24)} stop a desk from an earlier start that still holds these ports, and exit`,
  `  ${'--replace'.padEnd(24)} stop such a desk, then start`,
  `  ${'--help'.padEnd(24)} this text`,
].join('\n');

/**
 * The desk's options from the command line (flags win) and the environment.
 *
 * @throws {DeskOptionError} for an unknown flag, a port that is not a number in 1-65535, or two services on one port.
 *
 * @example
 * const options = parseDeskOptions(['--app-port', '6173'], process.env);
 */
export function parseDeskOptions(argv: readonly string[], env: NodeJS.ProcessEnv): DeskOptions | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        'anvil-port': { type: 'string' },
        // The story's old flag name for Anvil's port.
        port: { type: 'string' },
        'tx-service-port': { type: 'string' },
        'app-port': { type: 'string' },
        'host-port': { type: 'string' },
        out: { type: 'string' },
        stop: { type: 'boolean' },
        replace: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new DeskOptionError((error as Error).message.split('\n')[0]!, `See the options:\n${deskUsage}`);
  }
  if (values.help) return 'help';
  if (values.stop && values.replace)
    throw new DeskOptionError(
      '--stop and --replace cannot be combined.',
      'Pass --stop to stop the earlier desk, or --replace to stop it and start this one.',
    );
  const ports = {} as Record<DeskService, number>;
  for (const [service, spec] of Object.entries(deskPorts) as [DeskService, (typeof deskPorts)[DeskService]][]) {
    const flagValue = values[spec.flag.slice(2)] ?? (service === 'anvil' ? values.port : undefined);
    const raw = (flagValue as string | undefined) ?? env[spec.env] ?? String(spec.fallback);
    const port = Number(raw);
    if (!Number.isInteger(port) || port < 1 || port > 65_535)
      throw new DeskOptionError(
        `The ${spec.label} port "${raw}" is not a port number.`,
        `Pass ${spec.flag} <1-65535> (or set ${spec.env}).`,
      );
    ports[service] = port;
  }
  const taken = new Map<number, DeskService>();
  for (const [service, port] of Object.entries(ports) as [DeskService, number][]) {
    const other = taken.get(port);
    if (other)
      throw new DeskOptionError(
        `${deskPorts[other].label} and ${deskPorts[service].label} are both set to port ${port}.`,
        `Give each its own port (${deskPorts[other].flag}, ${deskPorts[service].flag}).`,
      );
    taken.set(port, service);
  }
  return {
    ports,
    chainId: 31337,
    outDir: (values.out as string | undefined) ?? join(tmpdir(), 'manifest-guard-desk'),
    mode: values.stop ? 'stop' : values.replace ? 'replace' : 'start',
    args: argv.filter((arg) => arg !== '--stop' && arg !== '--replace'),
  };
}

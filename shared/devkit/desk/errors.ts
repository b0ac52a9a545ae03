import { BaseError } from '../../src/errors/base.js';

/** A port the desk needs is taken (often an earlier `npm start` still running). */
export class DeskPortInUseError extends BaseError {
  override name = 'DeskPortInUseError';
  constructor(
    readonly service: string,
    readonly port: number,
    readonly flag: string,
  ) {
    super(`Port ${port} on 127.0.0.1 (${service}) is already in use.`, {
      metaMessages: [
        'Stop the process that holds it (for example an earlier `npm start` still running),',
        `or choose another port: npm start -- ${flag} <port>.`,
      ],
    });
  }
}

/**
 * A port the desk needs is held by a desk from an earlier `npm start` whose processes still run (recorded in the
 * `--out` directory): often one still running in another terminal, or an Anvil left behind by a killed start.
 */
export class DeskLeftoverError extends BaseError {
  override name = 'DeskLeftoverError';
  constructor(
    readonly service: string,
    readonly port: number,
    /** The earlier desk, and its process that holds the port (the desk itself while it runs). */
    readonly desk: { pid: number; startedAt: string; holder: { role: string; pid: number } },
    /** The flags of this start, repeated in the commands it suggests. */
    args: readonly string[],
  ) {
    const how =
      desk.holder.role === 'desk'
        ? ''
        : `: the desk has ended but its ${desk.holder.role === 'anvil' ? 'Anvil' : 'Anvil watchdog'} (pid ${desk.holder.pid}) still runs`;
    const quote = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`);
    const command = (flag: string) => ['npm start --', ...args.map(quote), flag].join(' ');
    super(
      `A desk from an earlier \`npm start\` (pid ${desk.pid}, started at ${desk.startedAt}) still holds port ${port} ` +
        `(${service})${how}.`,
      {
        metaMessages: [
          `Stop it:                     ${command('--stop')}`,
          `or stop it and start anew:   ${command('--replace')}`,
        ],
      },
    );
  }
}

/** A flag or environment variable of `npm start` has a bad value. */
export class DeskOptionError extends BaseError {
  override name = 'DeskOptionError';
  constructor(shortMessage: string, fix: string) {
    super(shortMessage, { metaMessages: [fix] });
  }
}

/** A service of the desk did not come up as it should. */
export class DeskStartError extends BaseError {
  override name = 'DeskStartError';
  constructor(shortMessage: string, fix: string, cause?: unknown) {
    super(shortMessage, { metaMessages: [fix], cause });
  }
}

import {
  ContainmentSendError,
  decodeGuardError,
  guardHint,
  type MonitorEvent,
  type ReleasePackage,
  toJson,
  watch as startWatch,
} from '../../node.js';
import { expectChainId } from '../chain.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { readPackage } from '../files.js';
import { listOption, stringOption } from '../options.js';
import { millisecondsOption } from '../command.js';
import { type ExitCode, exitCode } from '../output.js';

/** The shortest time between polls: faster polling only loads the node (and public RPCs rate-limit it). */
export const minimumInterval = 250;

export const watch: Command = {
  name: 'watch',
  usage: [
    'watch --package <release> --package <rollback> [--package …] --rpc <url> [--from-block <n>] [--interval 2s]',
    '      [--contain] [--exit-on-alert] [--for <duration>] [--json]',
  ],
  description: [
    'At the start, asks the guard which phases of the packages had already completed and verifies each of them once',
    '(a release that completed before the monitor started, and was changed since, is an alert at once). Then follows',
    "the Safe's and the guard's logs: decodes the guard's events, verifies each phase of a known release when",
    'the guard reports it completed, keeps re-verifying executed phases on every poll (an out-of-band change after',
    'the phase is a divergence too) and flags Safe executions the guard did not pass. Each event is one line (one JSON',
    "object a line with --json). With --contain and a guardian's key, the freeze (and the halt) the stop-condition",
    'table calls for are sent at once. Runs until interrupted, --for elapses, or (with --exit-on-alert) the first alert.',
    'Exit: 0 no alert, 1 only "observe" alerts, 2 an alert calling for containment or rollback (or an error).',
  ].join('\n'),
  options: {
    package: { type: 'string', multiple: true, value: '<file>', description: 'A release, its rollback, an Emergency.' },
    'from-block': { type: 'string', value: '<n>', description: 'Read from this block (default: the next one).' },
    interval: {
      type: 'string',
      value: '<duration>',
      description: `Time between polls (default 2s; "500ms" too; at least ${minimumInterval}ms).`,
    },
    contain: { type: 'boolean', description: "Send the containment's immediate actions with the guardian's key." },
    'exit-on-alert': { type: 'boolean', description: 'Stop at the first alert.' },
    for: { type: 'string', value: '<duration>', description: 'Stop after this long (e.g. 10m).' },
  },
  async run(context) {
    const { values, out } = context;
    const paths = listOption(values, 'package');
    if (paths.length === 0) {
      throw new UsageError('`watch` needs the packages to follow.', 'Pass --package <release> --package <rollback>.');
    }
    const packages: ReleasePackage[] = [];
    for (const path of paths) packages.push(await readPackage(path));
    const [first] = packages as [ReleasePackage];
    const fromBlock = stringOption(values, 'from-block');
    if (fromBlock !== undefined && !/^[0-9]+$/.test(fromBlock)) {
      throw new UsageError(`--from-block "${fromBlock}" is not a block number.`, 'Use a decimal block number.');
    }
    // Every option is read before anything starts: a bad one must not leave a monitor running behind its error.
    const interval = pollInterval(stringOption(values, 'interval') ?? '2s');
    const limit = stringOption(values, 'for');
    const limitMs = limit === undefined ? undefined : millisecondsOption(limit, '--for');
    const guardianAccount = values.contain ? await context.account('guardian') : undefined;
    const chain = await context.chain();
    for (const [i, pkg] of packages.entries()) expectChainId(chain, pkg.chainId, `the package ${paths[i]}`);
    // Containment transactions print their hash when sent and wait a bounded time for their receipt.
    const walletClient = guardianAccount ? context.wallet(chain, guardianAccount) : undefined;

    let worst: ExitCode = exitCode.ok;
    let finish: () => void = () => {};
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const onEvent = (event: MonitorEvent) => {
      out.line(out.json ? JSON.stringify(toJson(event)) : describe(event));
      if (event.type === 'alert') {
        const code = event.containment?.response === 'observe' ? exitCode.hold : exitCode.reject;
        if (code > worst) worst = code;
        if (values['exit-on-alert']) finish();
      }
    };
    out.progress(
      `watching guard ${first.guard} and Safe ${first.safe} on ${chain.rpcUrl}` +
        `${fromBlock === undefined ? '' : ` from block ${fromBlock}`}; first, the phases already completed`,
    );
    let lastBeat = 0;
    const onPoll = (blockNumber: bigint) => {
      if (Date.now() - lastBeat < 30_000) return;
      lastBeat = Date.now();
      out.progress(`block ${blockNumber}: following (${packages.length} package(s))`);
    };
    const watcher = startWatch({
      client: chain.publicClient,
      guard: first.guard,
      safe: first.safe,
      packages,
      onEvent,
      guardianAccount,
      walletClient,
      onPoll,
      pollingInterval: interval,
      fromBlock: fromBlock === undefined ? undefined : BigInt(fromBlock),
      chainId: chain.chainId,
    });
    const stopOnSignal = () => finish();
    process.once('SIGINT', stopOnSignal);
    process.once('SIGTERM', stopOnSignal);
    const timer = limitMs === undefined ? undefined : setTimeout(finish, limitMs);
    await finished;
    if (timer) clearTimeout(timer);
    process.off('SIGINT', stopOnSignal);
    process.off('SIGTERM', stopOnSignal);
    await watcher.stop();
    return worst;
  },
};

function describe(event: MonitorEvent): string {
  switch (event.type) {
    case 'ok':
      return `✓ block ${event.blockNumber}: phase ${event.phase} of ${event.manifestId} matches the manifest`;
    case 'alert':
      return [
        `✗ block ${event.blockNumber}: ALERT ${event.reason}${event.manifestId ? ` ${event.manifestId} phase ${event.phase}` : ''}: ${event.message}`,
        ...event.findings.map(
          (f) =>
            `    - ${f.rule} (${f.response}): ${f.message} [expected ${f.expected ?? 'nothing'}, observed ${f.actual ?? 'nothing'}]`,
        ),
        ...(event.containment?.actions.map(
          (a) => `    → ${a.action}${a.immediate ? ' NOW' : ''} by the ${a.by}: ${a.description}`,
        ) ?? []),
      ].join('\n');
    case 'contained':
      return `! sent ${event.action} for ${event.manifestId} (tx ${event.transactionHash})`;
    case 'guard':
      return `  block ${event.blockNumber}: ${event.name} ${JSON.stringify(toJson(event.args))}`;
    case 'error': {
      // A refused containment (a freeze still cooling down, a halt of a completed manifest) reads as the guard's sentence.
      const refused = event.error instanceof ContainmentSendError ? decodeGuardError(event.error.cause) : undefined;
      if (refused) {
        const action = (event.error as ContainmentSendError).action;
        const { sentence, fix } = guardHint(refused, { action });
        return `! the guardian's ${action} was refused: ${sentence} ${fix}`;
      }
      return `! ${event.error.message.split('\n')[0]}`;
    }
  }
}

/** `--interval`: at least `minimumInterval` ms. @throws {UsageError} when it is not a duration or too short. */
function pollInterval(value: string): number {
  const ms = /^0+(ms|s|m|h|d)?$/.test(value.trim()) ? 0 : millisecondsOption(value, '--interval');
  if (ms < minimumInterval) {
    throw new UsageError(
      `--interval "${value}" is shorter than ${minimumInterval}ms.`,
      `Poll at most every ${minimumInterval}ms (e.g. --interval 1s; the default is 2s): a new block comes every few seconds, and faster polling only loads the node.`,
    );
  }
  return ms;
}

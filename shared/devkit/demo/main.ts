/**
 * `npm run demo`: brings up a local chain with the desk (Anvil, Safe contracts, a guarded demo Safe, OpenZeppelin
 * proxies), runs the scripted release story in the terminal, prints what happened and exits (`--exit`); without
 * `--exit` the chain stays up until Ctrl-C. The full desk with the Safe App is `npm start` (shared/devkit/desk/main.ts).
 *
 * Flags: --exit (stop after the story), --port N (Anvil's port, default 8545).
 */
import { startAnvil } from '../../src/fork/anvil.js';
import { deskPeople } from '../devnet/accounts.js';
import { deployLocalDesk, deskClients } from '../devnet/localDesk.js';
import { formatSummary, runStory } from './story.js';

const argv = process.argv.slice(2);
const exitAfter = argv.includes('--exit');
const portFlag = argv.indexOf('--port');
const port = portFlag >= 0 ? Number(argv[portFlag + 1]) : Number(process.env.MANIFEST_GUARD_PORT ?? 8545);
const chainId = 31337;

async function main(): Promise<number> {
  const started = Date.now();
  console.log(`Manifest Guard local desk\nStarting Anvil on 127.0.0.1:${port} (chain ${chainId})`);
  const anvil = await startAnvil({ port, chainId });
  const stop = async () => {
    await anvil.stop();
  };
  // Anvil runs under a watchdog that stops it whenever this process ends; a signal stops it right away.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.once(signal, () => {
      console.log('\nStopping the local chain…');
      void stop().then(() => process.exit(0));
    });
  try {
    const desk = await deployLocalDesk({
      rpcUrl: anvil.rpcUrl,
      chainId,
      onProgress: (m) => console.log(`• ${m}`),
    });
    const { accounts } = desk;
    console.log(`\nReady in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log(`  RPC            ${anvil.rpcUrl}`);
    console.log(`  Safe (1.5.0)   ${desk.safe}  2 of 3 owners`);
    console.log(`  ManifestGuard  ${desk.guard}`);
    console.log(
      `  Transparent    ${desk.proxies.transparent.proxy} (ProxyAdmin ${desk.proxies.transparent.proxyAdmin})`,
    );
    console.log(`  UUPS           ${desk.proxies.uups.proxy}`);
    console.log(`  Beacon         ${desk.proxies.beacon.beacon} (proxy ${desk.proxies.beacon.proxy})`);
    console.log('  People (local development keys, from the Anvil mnemonic):');
    accounts.owners.forEach((owner, i) => console.log(`    ${deskPeople.owners[i]!.padEnd(20)} ${owner.address}`));
    console.log(`    ${deskPeople.proposer.padEnd(20)} ${accounts.proposer.address}`);
    accounts.approvers.forEach((a, i) => console.log(`    ${deskPeople.approvers[i]!.padEnd(20)} ${a.address}`));
    console.log(`    ${deskPeople.executor.padEnd(20)} ${accounts.executor.address}`);
    console.log(`    ${deskPeople.guardian.padEnd(20)} ${accounts.guardian.address}`);

    const rows = await runStory(desk, deskClients(anvil.rpcUrl, chainId), (line) => console.log(line));
    console.log(`\nSummary\n${formatSummary(rows)}`);
    const failed = rows.filter((row) => !row.stopped).length;
    if (exitAfter) {
      await stop();
      return failed === 0 ? 0 : 1;
    }
    console.log(`\nThe chain stays up at ${anvil.rpcUrl}. Press Ctrl-C to stop.`);
    await new Promise(() => {});
    return 0;
  } catch (error) {
    await stop();
    throw error;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`\n${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    process.exit(1);
  },
);

import { type Address, type Hex, getAddress } from 'viem';

import { demoPoolV1Abi } from '../../src/generated/index.js';
import { manifestGuardAbi } from '../../src/generated/manifestGuard.js';
import { type DeskClients, type LocalDesk, execSafeTransaction } from '../devnet/localDesk.js';
import { decodeGuardError } from '../../src/guard/guardErrors.js';
import { guardHint } from '../../src/guard/guardHints.js';
import { type Manifest, type Step, laneName, statusName } from '../../src/guard/manifest.js';
import { type WriteFunctionArgs, type WriteFunctionName, plainCall } from '../../src/fork/contractWrite.js';
import {
  feeRelease,
  feeRollback,
  hotfixRollback,
  setFee,
  shortWindow,
  shortWindowRollback,
  smuggledOwnerChange,
  upgradeRelease,
  upgradeRollback,
} from './releasePlan.js';

/** EIP-1967 implementation slot: bytes32(uint256(keccak256('eip1967.proxy.implementation')) - 1). */
const IMPLEMENTATION_SLOT: Hex = '0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc';

export type StoryLine = {
  attack: string;
  expected: string;
  observed: string;
  stopped: boolean;
};

type Log = (line: string) => void;

/**
 * The scripted release story on a local desk: a two-phase canary upgrade, the attacks the guard stops (each with
 * the guard's own error), and a halt followed by the pre-approved rollback. Returns the summary rows.
 */
export async function runStory(desk: LocalDesk, clients: DeskClients, log: Log): Promise<StoryLine[]> {
  const { publicClient, walletClient, testClient } = clients;
  const { accounts } = desk;
  const owners = [accounts.owners[0], accounts.owners[1]] as const;
  const summary: StoryLine[] = [];

  const now = async () => (await publicClient.getBlock()).timestamp;
  const advance = async (seconds: bigint, why: string) => {
    await testClient.increaseTime({ seconds: Number(seconds) });
    await testClient.mine({ blocks: 1 });
    log(`   … ${why}: +${seconds / 3600n}h`);
  };
  const guardWrite = async <functionName extends WriteFunctionName<typeof manifestGuardAbi>>(
    account: (typeof accounts)['proposer'],
    functionName: functionName,
    args: WriteFunctionArgs<typeof manifestGuardAbi, functionName>,
  ) => {
    const plain = plainCall({ address: desk.guard, abi: manifestGuardAbi, functionName, args });
    const { result } = await publicClient.simulateContract({ ...plain, account });
    const hash = await walletClient.writeContract({ ...plain, account, chain: walletClient.chain });
    await publicClient.waitForTransactionReceipt({ hash });
    return result as unknown;
  };
  const register = async (manifest: Manifest) => {
    const id = (await guardWrite(accounts.proposer, 'register', [manifest])) as Hex;
    const view = await readManifest(id);
    log(
      `   ${accounts.proposer.address.slice(0, 8)}… registered "${manifest.ticket}" → ${id.slice(0, 14)}… lane: ${laneName(view.lane)}`,
    );
    return id;
  };
  const approve = async (id: Hex) => {
    for (const approver of accounts.approvers) await guardWrite(approver, 'approve', [id]);
    const view = await readManifest(id);
    log(
      `   approved by both approvers → ${statusName(view.status)}, executable from ${new Date(Number(view.executableFrom) * 1000).toISOString()}`,
    );
  };
  const readManifest = (id: Hex) =>
    publicClient.readContract({
      address: desk.guard,
      abi: manifestGuardAbi,
      functionName: 'getManifest',
      args: [id],
    });
  const execute = (step: Step, sender = accounts.executor) =>
    execSafeTransaction(clients, {
      safe: desk.safe,
      to: step.to,
      value: step.value,
      data: step.data,
      operation: step.operation as 0 | 1,
      owners,
      sender,
    });
  const implementation = async (proxy: Address) => {
    const word = await publicClient.getStorageAt({
      address: proxy,
      slot: IMPLEMENTATION_SLOT,
    });
    return getAddress(`0x${(word ?? '0x').slice(-40)}`);
  };
  const attempt = async (attack: string, expected: string, run: () => Promise<unknown>) => {
    try {
      await run();
      summary.push({ attack, expected, observed: 'executed', stopped: false });
      log(`   ✗ ${attack}: EXECUTED (expected ${expected})`);
    } catch (error) {
      const rejection = decodeGuardError(error);
      const observed = rejection?.errorName ?? (error instanceof Error ? error.message.split('\n')[0] : String(error));
      summary.push({
        attack,
        expected,
        observed,
        stopped: observed === expected,
      });
      log(`   ✓ ${attack}\n       rejected: ${rejection?.summary ?? observed}`);
      // What the guard's refusal means, in words (the same sentence the CLI and the app show).
      if (rejection) log(`       ${guardHint(rejection).sentence}`);
    }
  };

  log('\n1. Register the rollback first, then the release that names it (REL-42: pool and vault to v2)');
  const rb42 = await register(upgradeRollback(desk, await now()));
  await approve(rb42);
  const rel42Manifest = upgradeRelease(desk, await now(), rb42);
  const rel42 = await register(rel42Manifest);
  await approve(rel42);

  log('\n2. Canary phase 1: the Transparent pool');
  await advance(3600n, 'routine delay');
  const [canary] = rel42Manifest.phases[0]!.steps;
  log(`   pool implementation before: ${await implementation(desk.proxies.transparent.proxy)}`);
  await execute(canary!);
  log(
    `   pool implementation after:  ${await implementation(desk.proxies.transparent.proxy)} (check: version() = 2.0.0 passed)`,
  );

  log('\n3. Phase 2 waits for the soak and an approver\'s "continue"');
  const [vaultStep, beaconStep] = rel42Manifest.phases[1]!.steps;
  await attempt('phase 2 before the soak', 'ManifestGuardSoakNotElapsed', () => execute(vaultStep!));
  await advance(3600n, 'soak');
  await attempt('phase 2 without "continue"', 'ManifestGuardPhaseGateClosed', () => execute(vaultStep!));
  await guardWrite(accounts.approvers[0], 'attestContinue', [rel42, 1n, `0x${'11'.repeat(32)}`]);
  log('   approver attested "continue" with a metrics hash');
  await execute(vaultStep!);
  await execute(beaconStep!);
  log(`   REL-42 ${statusName((await readManifest(rel42)).status)}: vault and beacon pools at v2, checks passed`);

  log('\n4. The next release (REL-43: fee 30 → 50 bps) is approved; now the attacks');
  const rb43 = await register(feeRollback(desk, await now()));
  await approve(rb43);
  const rel43Manifest = feeRelease(desk, await now(), rb43);
  const rel43 = await register(rel43Manifest);
  await approve(rel43);
  const rb7 = await register(hotfixRollback(desk, await now()));
  await approve(rb7);
  const hotfix = smuggledOwnerChange(desk, await now(), accounts.proposer.address, rb7);
  const hotfixId = await register(hotfix);
  await approve(hotfixId);
  const rb9 = await register(shortWindowRollback(desk, await now()));
  await approve(rb9);
  const ops9 = shortWindow(desk, await now(), rb9);
  const ops9Id = await register(ops9);
  await approve(ops9Id);
  await advance(3600n, 'routine delay');
  const feeStep = rel43Manifest.phases[0]!.steps[0]!;

  await attempt('payload edited after approval (fee 50 → 5000 bps)', 'ManifestGuardNoMatchingStep', () =>
    execute(setFee(desk.proxies.transparent.proxy, 5000n)),
  );
  await attempt('target swapped (same call to another proxy)', 'ManifestGuardNoMatchingStep', () =>
    execute({ ...feeStep, to: desk.proxies.uups.proxy }),
  );
  await attempt('approved call flipped to delegatecall (Feb 2025 pattern)', 'ManifestGuardDelegateCallForbidden', () =>
    execute({ ...feeStep, operation: 1 }),
  );
  await attempt('approved step sent by a non-executor (an owner)', 'ManifestGuardNotExecutor', () =>
    execute(feeStep, accounts.owners[2]),
  );
  await attempt(
    `privileged change hidden in a MultiSend (lane: ${laneName((await readManifest(hotfixId)).lane)}, 1-day delay)`,
    'ManifestGuardTooEarly',
    () => execute(hotfix.phases[0]!.steps[0]!),
  );
  await advance(2n * 3600n, 'OPS-9 window closes');
  await attempt('expired window (OPS-9)', 'ManifestGuardExpired', () => execute(ops9.phases[0]!.steps[0]!));

  log('\n5. REL-43 canary runs; the monitor sees a problem; the guardian halts; the rollback runs at once');
  await execute(feeStep);
  log(`   pool fee: ${await fee(desk.proxies.transparent.proxy)} bps`);
  await guardWrite(accounts.guardian, 'halt', [rel43]);
  log(`   guardian halted REL-43 → ${statusName((await readManifest(rel43)).status)}`);
  await advance(3600n, 'soak');
  await guardWrite(accounts.approvers[0], 'attestContinue', [rel43, 1n, `0x${'22'.repeat(32)}`]).catch(() => undefined);
  await attempt('phase 2 of a halted release', 'ManifestGuardManifestHalted', () =>
    execute(rel43Manifest.phases[1]!.steps[0]!),
  );
  const rollbackSteps = feeRollback(desk, 0n).phases[0]!.steps;
  for (const step of rollbackSteps) await execute(step);
  log(
    `   RB-43 ${statusName((await readManifest(rb43)).status)}: pool fee back to ${await fee(desk.proxies.transparent.proxy)} bps`,
  );
  return summary;

  async function fee(pool: Address) {
    return publicClient.readContract({
      address: pool,
      abi: demoPoolV1Abi,
      functionName: 'feeBps',
    });
  }
}

/** The summary table printed at the end of the story. */
export function formatSummary(rows: readonly StoryLine[]): string {
  const width = Math.max(...rows.map((row) => row.attack.length), 10);
  const lines = rows.map((row) => `${row.stopped ? '✓' : '✗'} ${row.attack.padEnd(width)}  ${row.observed}`);
  const stopped = rows.filter((row) => row.stopped).length;
  return [
    `  ${'attempt'.padEnd(width)}  guard's error`,
    ...lines,
    `${stopped} of ${rows.length} stopped with the expected error.`,
  ].join('\n');
}

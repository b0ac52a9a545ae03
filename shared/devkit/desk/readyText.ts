import type { HDAccount } from 'viem/accounts';

import { deskPeople, privateKeyOf } from '../devnet/accounts.js';
import { canonicalMulticall3 } from '../devnet/multicall3.js';
import type { RunningDesk } from './startDesk.js';

/**
 * What `npm start` prints once the desk is up: where to go first (the host page), every service, the contracts,
 * the people with their roles and development keys, how to drive the CLI against the desk, and how to stop.
 */
export function readyText(running: RunningDesk, seconds: number): string {
  const { desk, packages } = running;
  const { accounts } = desk;
  const standalone = `${running.appUrl}?rpc=${running.rpcUrl}&safe=${desk.safe}&signer=dev:0&txService=${running.txServiceUrl}`;
  const people: [string, HDAccount][] = [
    ...accounts.owners.map((owner, i): [string, HDAccount] => [deskPeople.owners[i]!, owner]),
    [deskPeople.proposer, accounts.proposer],
    ...accounts.approvers.map((approver, i): [string, HDAccount] => [deskPeople.approvers[i]!, approver]),
    [deskPeople.executor, accounts.executor],
    [deskPeople.guardian, accounts.guardian],
  ];
  return [
    `Ready in ${seconds.toFixed(1)} s`,
    '',
    `Open this:  ${running.hostUrl}`,
    '            the Safe App inside a Safe{Wallet}-like page (pick the signed-in owner at the top, confirm and',
    '            execute queued transactions below the app)',
    '',
    `  Safe App (standalone)    ${standalone}`,
    '                           (signer=dev:N signs as: 0-2 owners, 3 proposer, 4-5 approvers, 6 executor, 7 guardian)',
    `  Anvil RPC                ${running.rpcUrl}  (chain ${desk.chainId})`,
    `  Transaction Service      ${running.txServiceUrl}`,
    '',
    `  Safe (1.5.0, 2 of 3)     ${desk.safe}`,
    `  ManifestGuard            ${desk.guard}`,
    `  Transparent proxy        ${desk.proxies.transparent.proxy}  (ProxyAdmin ${desk.proxies.transparent.proxyAdmin})`,
    `  UUPS proxy               ${desk.proxies.uups.proxy}`,
    `  Beacon                   ${desk.proxies.beacon.beacon}  (proxy ${desk.proxies.beacon.proxy})`,
    `  Implementations          pool v1 ${desk.implementations.poolV1}  pool v2 ${desk.implementations.poolV2}`,
    `                           vault v1 ${desk.implementations.vaultV1}  vault v2 ${desk.implementations.vaultV2}`,
    `  Multicall3               ${canonicalMulticall3}  (batched reads, as on public chains)`,
    '',
    `  Sample release package   ${packages.release.path}`,
    `                           manifest id ${packages.release.manifestId}`,
    `                           evidence ${packages.release.evidencePath}`,
    `  Its rollback package     ${packages.rollback.path}`,
    `                           manifest id ${packages.rollback.manifestId}`,
    `                           evidence ${packages.rollback.evidencePath}`,
    '',
    'People (Anvil development keys: they exist only on this local chain):',
    ...people.map(([name, account]) => `  ${name.padEnd(20)} ${account.address}  ${privateKeyOf(account)}`),
    '',
    'The CLI against this desk, in another terminal (README "For release engineers" walks a whole release with these):',
    `  source ${running.envFile}`,
    `      (sets MANIFEST_GUARD_RPC, MANIFEST_GUARD_TX_SERVICE, $G, $SAFE, $POOL, $POOL_V1, $POOL_V2, $VAULT, …, a key per`,
    '       role ($PROPOSER_KEY, $APPROVER_KEY_1, $APPROVER_KEY_2, $EXECUTOR_KEY, $GUARDIAN_KEY, $OWNER_KEY_1, $OWNER_KEY_2)',
    '       and puts manifest-guard on the PATH)',
    `  or by hand: export MANIFEST_GUARD_RPC=${running.rpcUrl}`,
    `              export MANIFEST_GUARD_TX_SERVICE=${running.txServiceUrl}`,
    `  MANIFEST_GUARD_PRIVATE_KEY=$PROPOSER_KEY manifest-guard register --package ${packages.rollback.path}`,
    `  MANIFEST_GUARD_PRIVATE_KEY=$APPROVER_KEY_1 manifest-guard approve --package ${packages.rollback.path}   # and $APPROVER_KEY_2`,
    `  manifest-guard gate --package ${packages.release.path} --evidence ${packages.release.evidencePath}`,
    `  manifest-guard status --guard $G`,
    '  The routine lane waits 1 h after approval and phase 1 soaks 1 h: on this chain, skip ahead with',
    `  npx cast rpc --rpc-url ${running.rpcUrl} evm_increaseTime 3601 && npx cast rpc --rpc-url ${running.rpcUrl} evm_mine`,
    '',
    'Stop: Ctrl-C (stops the chain, the services and the app; nothing keeps running).',
  ].join('\n');
}

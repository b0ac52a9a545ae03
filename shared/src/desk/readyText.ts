import { type Hex, bytesToHex } from 'viem';
import type { HDAccount } from 'viem/accounts';

import { deskPeople } from '../devnet/accounts.js';
import type { RunningDesk } from './startDesk.js';

const keyOf = (account: HDAccount): Hex => bytesToHex(account.getHdKey().privateKey!);

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
  const cli = (role: HDAccount, args: string) =>
    `  MANIFEST_GUARD_PRIVATE_KEY=${keyOf(role)} npx manifest-guard ${args}`;
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
    '',
    `  Sample release package   ${packages.release.path}`,
    `                           manifest id ${packages.release.manifestId}`,
    `  Its rollback package     ${packages.rollback.path}`,
    `                           manifest id ${packages.rollback.manifestId}`,
    '',
    'People (Anvil development keys: they exist only on this local chain):',
    ...people.map(([name, account]) => `  ${name.padEnd(20)} ${account.address}  ${keyOf(account)}`),
    '',
    'The CLI against this desk (from the repository root, in another terminal):',
    `  export MANIFEST_GUARD_RPC=${running.rpcUrl}`,
    `  export MANIFEST_GUARD_TX_SERVICE=${running.txServiceUrl}`,
    cli(accounts.proposer, `register --package ${packages.rollback.path}`),
    cli(accounts.proposer, `register --package ${packages.release.path}`),
    cli(accounts.approvers[0], `approve --package ${packages.rollback.path}   # and ${deskPeople.approvers[1]}`),
    cli(accounts.approvers[0], `approve --package ${packages.release.path}`),
    `  npx manifest-guard status --guard ${desk.guard}`,
    '  The routine lane waits 1 h after approval and phase 1 soaks 1 h: on this chain, skip ahead with',
    `  npx cast rpc --rpc-url ${running.rpcUrl} evm_increaseTime 3601 && npx cast rpc --rpc-url ${running.rpcUrl} evm_mine`,
    '',
    'Stop: Ctrl-C (stops the chain, the services and the app; nothing keeps running).',
  ].join('\n');
}

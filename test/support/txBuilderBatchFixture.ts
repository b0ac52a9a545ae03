import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { LocalDesk } from '../../shared/devkit/devnet/localDesk.js';
import { type TxBuilderBatch, txBuilderChecksum } from '../../shared/src/index.js';

/**
 * A Safe Transaction Builder export of the desk's upgrades to v2, as the Builder writes it (each call given as
 * `contractMethod` and `contractInputsValues`, `data` null, its checksum): `ProxyAdmin.upgradeAndCall` of the
 * Transparent pool, `upgradeToAndCall` of the UUPS vault, `upgradeTo` of the pools' beacon. Exported from a desk
 * whose addresses are in `recordedDesk`.
 */
export const txBuilderBatchFixturePath = join(
  import.meta.dirname,
  '..',
  'fixtures',
  'tx-builder',
  'upgrade-pool-vault-beacon.json',
);

/** The desk the fixture was exported from: its chain, Safe, first owner, proxies and implementations. */
export const recordedDesk = {
  chainId: 31337,
  safe: '0x92baA7Ded3b8594DEF1cC946F5deCee95384A909',
  owner: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
  proxyAdmin: '0x57aCbF46d3404AF0f565670F7744e86d9F81124E',
  pool: '0xf56AA3aCedDf88Ab12E494d0B96DA3C09a5d264e',
  vault: '0xdBD296711eC8eF9Aacb623ee3F1C0922dce0D7b2',
  beacon: '0xDFD787c807DEA8d7e53311b779BC0c6a4704D286',
  poolV2: '0x49B8E3b089d4ebf9F37B1dA9B839Ec013C2cD8c9',
  vaultV2: '0x45009DD3aBBE29Db54fc5D893CeAa98a624882DF',
} as const;

/**
 * The fixture as the Transaction Builder of `desk`'s Safe would export it: the recorded addresses replaced by the
 * desk's (each desk's Safe is new), the checksum written again as the Builder writes it.
 *
 * @example
 * await page.getByTestId('io-file').setInputFiles({ name: 'batch.json', mimeType: 'application/json', buffer: Buffer.from(txBuilderBatchForDesk(desk)) });
 */
export function txBuilderBatchForDesk(desk: LocalDesk): string {
  const now: Record<keyof typeof recordedDesk, string> = {
    chainId: String(desk.chainId),
    safe: desk.safe,
    owner: desk.accounts.owners[0].address,
    proxyAdmin: desk.proxies.transparent.proxyAdmin,
    pool: desk.proxies.transparent.proxy,
    vault: desk.proxies.uups.proxy,
    beacon: desk.proxies.beacon.beacon,
    poolV2: desk.implementations.poolV2,
    vaultV2: desk.implementations.vaultV2,
  };
  let text = readFileSync(txBuilderBatchFixturePath, 'utf8');
  for (const key of Object.keys(recordedDesk) as (keyof typeof recordedDesk)[]) {
    if (key !== 'chainId') text = text.replaceAll(recordedDesk[key], now[key]);
  }
  const batch = JSON.parse(text) as TxBuilderBatch;
  batch.chainId = now.chainId;
  const { checksum: _, ...meta } = batch.meta;
  const rebound = { ...batch, meta };
  return `${JSON.stringify({ ...rebound, meta: { ...meta, checksum: txBuilderChecksum(rebound) } }, null, 2)}\n`;
}

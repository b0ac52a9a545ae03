import { type Address, isAddressEqual } from 'viem';

import { importOzRelease, readNetworkFile, stopResponseNames } from '../../node.js';
import { expectGuard } from '../chain.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { writeJson, writePackage } from '../files.js';
import { guardOf, parseAddressValue, parseDuration, safeOf } from '../inputs.js';
import { listOption, requiredOption, stringOption } from '../options.js';
import { exitCode, table } from '../output.js';
import { oneOf, packageOptions, parseTime, rollbackId } from '../packageOptions.js';

export const importOz: Command = {
  name: 'import oz',
  usage: [
    'import oz --rpc <url> --guard <address> --network-file .openzeppelin/<network>.json --proxy <address>',
    '     --new-impl <address> [--proxy … --new-impl …] --ticket <id> [--soak 1h] [--window 30d]',
    '     [--out release.json] [--rollback-out rollback.json] [--evidence-out evidence.json]',
    '     [--rollback-evidence-out rollback-evidence.json] [--rollback <id or sealed rollback package>]',
  ],
  description: [
    "Imports an upgrade prepared with OpenZeppelin's Upgrades plugin for Hardhat (upgrades.prepareUpgrade records",
    'the new implementation and its storage layout in the network file). For each --proxy (with the',
    '--new-impl at the same position) it finds the proxy in the network file, reads its kind and current',
    'implementation on chain (EIP-1967 slots), takes both storage layouts from the file and compares them with',
    'upgrades-core, as the plugins do. Then it writes the Rollback package (one phase restoring every current',
    'implementation) and the Release package naming it (one canary phase per proxy, in the order given, --soak',
    'between them), each step with the code-hash check of its implementation and, for Transparent v5 and UUPS,',
    "--check-view called through the proxy; and both evidence skeletons, the release's with the storage-layout",
    'reports in simulation.storageLayout. With --rollback it names that rollback instead of building one (after',
    'sealing the rollback, its id changes: import again with --rollback rollback.json).',
    'On Anvil or a Hardhat node the plugin writes its file to <tmpdir>/openzeppelin-upgrades/anvil-<chain id>-<instance>.json.',
    'Files default to release.json, rollback.json, evidence.json and rollback-evidence.json here.',
    'Exit: 0 written, 2 an incompatible storage layout (nothing written) or an error (a proxy or implementation',
    'the file does not record, a network file of another chain, a bad option).',
  ].join('\n'),
  options: {
    'network-file': {
      type: 'string',
      value: '<file>',
      description: "The Upgrades plugin's network file (.openzeppelin/<network>.json).",
    },
    proxy: { type: 'string', multiple: true, value: '<address>', description: 'A proxy to upgrade (in canary order).' },
    'new-impl': {
      type: 'string',
      multiple: true,
      value: '<address>',
      description: 'The implementation prepareUpgrade returned for the --proxy at the same position.',
    },
    ...packageOptions,
    window: { type: 'string', value: '<duration>', description: "The release's window (default 30d)." },
    'rollback-window': {
      type: 'string',
      value: '<duration>',
      description: "The rollback's window (default 60d; it must outlast the release's).",
    },
    rollback: {
      type: 'string',
      value: '<id|file>',
      description: 'Name this Rollback manifest (its id or package) instead of building one.',
    },
    out: { type: 'string', value: '<file>', description: 'The release package (default release.json).' },
    'rollback-out': { type: 'string', value: '<file>', description: 'The rollback package (default rollback.json).' },
    'evidence-out': {
      type: 'string',
      value: '<file>',
      description: "The release's evidence skeleton (default evidence.json).",
    },
    'rollback-evidence-out': {
      type: 'string',
      value: '<file>',
      description: "The rollback's evidence skeleton (default rollback-evidence.json).",
    },
  },
  async run(context) {
    const { values, out, command } = context;
    const networkPath = requiredOption(values, command, 'network-file', "the Upgrades plugin's network file");
    const pairs = upgradePairs(listOption(values, 'proxy'), listOption(values, 'new-impl'));
    const ticket = requiredOption(values, command, 'ticket', 'the change ticket id');
    const response = oneOf(stringOption(values, 'response') ?? 'rollback', stopResponseNames, '--response');
    const window = parseDuration(stringOption(values, 'window') ?? '30d', '--window');
    const rollbackWindow = parseDuration(stringOption(values, 'rollback-window') ?? '60d', '--rollback-window');
    const soak = parseDuration(stringOption(values, 'soak') ?? '0', '--soak');
    const rollbackOption = stringOption(values, 'rollback');
    const existingRollback = rollbackOption === undefined ? undefined : await rollbackId(rollbackOption);
    const paths = {
      release: stringOption(values, 'out') ?? 'release.json',
      rollback: stringOption(values, 'rollback-out') ?? 'rollback.json',
      evidence: stringOption(values, 'evidence-out') ?? 'evidence.json',
      rollbackEvidence: stringOption(values, 'rollback-evidence-out') ?? 'rollback-evidence.json',
    };
    const network = await readNetworkFile(networkPath);

    const chain = await context.chain();
    const guard = guardOf(context);
    await expectGuard(chain, guard);
    const safe = await safeOf(context, chain, guard);
    const now = (await chain.publicClient.getBlock()).timestamp;
    const imported = await importOzRelease({
      client: chain.publicClient,
      chainId: chain.chainId,
      guard,
      safe,
      network,
      upgrades: pairs,
      ticket,
      title: stringOption(values, 'title'),
      description: stringOption(values, 'description'),
      notBefore: parseTime(stringOption(values, 'not-before'), now),
      window,
      rollbackWindow,
      soak,
      response,
      checkView: stringOption(values, 'check-view') ?? 'version()',
      rollbackId: existingRollback,
      onProgress: (message) => out.progress(message),
    });

    const { release, rollback } = imported;
    await writePackage(paths.release, release.pkg);
    await writeJson(paths.evidence, release.evidence);
    if (rollback) {
      await writePackage(paths.rollback, rollback.pkg);
      await writeJson(paths.rollbackEvidence, rollback.evidence);
    }
    const upgrades = imported.upgrades.map((upgrade) => ({
      proxy: upgrade.proxy.proxy,
      kind: upgrade.proxy.kind,
      currentImplementation: upgrade.current.address,
      newImplementation: upgrade.layout.implementation,
      storageLayout: { ok: upgrade.layout.ok, errors: upgrade.layout.errors },
    }));
    out.result(
      {
        networkFile: networkPath,
        upgrades,
        rollback: rollback
          ? { manifestId: imported.rollbackId, package: paths.rollback, evidence: paths.rollbackEvidence }
          : { manifestId: imported.rollbackId, package: null, evidence: null },
        release: {
          manifestId: release.manifestId,
          package: paths.release,
          evidence: paths.evidence,
          phases: release.pkg.phases.length,
          steps: release.steps,
        },
      },
      [
        `✓ imported ${upgrades.length} upgrade${upgrades.length === 1 ? '' : 's'} from ${networkPath}`,
        ...upgrades.map(
          (upgrade, index) =>
            `  phase ${index}: ${upgrade.proxy} (${upgrade.kind}) ${upgrade.currentImplementation} → ` +
            `${upgrade.newImplementation}, storage layout compatible (upgrades-core)`,
        ),
        table([
          [
            'rollback',
            rollback
              ? `${imported.rollbackId}  ${paths.rollback} (evidence ${paths.rollbackEvidence})`
              : `${imported.rollbackId}  (--rollback, not rebuilt)`,
          ],
          ['release', `${release.manifestId}  ${paths.release} (evidence ${paths.evidence})`],
        ]),
        'Next:',
        ...(rollback
          ? [
              `  manifest-guard simulate --package ${paths.rollback} --record ${paths.rollbackEvidence}`,
              `  manifest-guard evidence --evidence ${paths.rollbackEvidence} --package ${paths.rollback} --invariant … --approval …`,
              `  manifest-guard hash --package ${paths.rollback} --evidence ${paths.rollbackEvidence} --seal   (the rollback's id changes:`,
              `    import again with --rollback ${paths.rollback} so the release names it)`,
            ]
          : []),
        `  manifest-guard simulate --package ${paths.release} --rollback-package ${paths.rollback} --record ${paths.evidence}`,
        `  manifest-guard evidence --evidence ${paths.evidence} --package ${paths.release} --invariant … --approval …`,
        `  manifest-guard hash --package ${paths.release} --evidence ${paths.evidence} --seal`,
        `  manifest-guard register --package ${paths.rollback}, then --package ${paths.release} (proposer); approve both`,
      ].join('\n'),
    );
    return exitCode.ok;
  },
};

/** The --proxy and --new-impl values, paired by position. @throws {UsageError} when one is missing. */
function upgradePairs(proxies: string[], implementations: string[]): { proxy: Address; newImplementation: Address }[] {
  if (proxies.length === 0) {
    throw new UsageError(
      '`import oz` needs --proxy (the proxy to upgrade).',
      'Pass --proxy <address> with the --new-impl <address> that upgrades.prepareUpgrade returned for it.',
    );
  }
  if (implementations.length !== proxies.length) {
    throw new UsageError(
      implementations.length === 0
        ? '`import oz` needs --new-impl (the implementation upgrades.prepareUpgrade returned).'
        : `--proxy is given ${proxies.length} times but --new-impl ${implementations.length} times.`,
      'Pass one --new-impl <address> after each --proxy <address>: the address upgrades.prepareUpgrade(proxy, ' +
        'NewImplementation) returned.',
    );
  }
  const pairs = proxies.map((proxy, index) => ({
    proxy: parseAddressValue(proxy, `--proxy #${index + 1}`),
    newImplementation: parseAddressValue(implementations[index]!, `--new-impl #${index + 1}`),
  }));
  const repeated = pairs.find(
    (pair, index) => pairs.findIndex((other) => isAddressEqual(other.proxy, pair.proxy)) !== index,
  );
  if (repeated) {
    throw new UsageError(
      `--proxy ${repeated.proxy} is given twice.`,
      'Name each proxy once: a release upgrades it to one new implementation.',
    );
  }
  return pairs;
}

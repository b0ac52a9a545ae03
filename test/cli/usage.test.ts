import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { type Server, createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

import { type AnvilInstance, startAnvil } from '../../shared/src/fork/anvil.js';
import { cli } from './cli.js';

vi.setConfig({ testTimeout: 60_000 });

const guard = '0x5B3120d0dA5FDcBA7aef87A9c3c64829C1c0D76B';
let anvil: AnvilInstance;
let dir: string;
/** A web server where a node should be: it answers every request with an HTML page (status 200, or 404 under /404). */
let webPage: Server;
let webUrl: string;
let packagePath: string;

beforeAll(async () => {
  anvil = await startAnvil({ port: 8645 });
  dir = await mkdtemp(join(tmpdir(), 'manifest-guard-usage-'));
  webPage = createServer((request, response) => {
    response.writeHead(request.url === '/404' ? 404 : 200, { 'content-type': 'text/html' });
    response.end('<!doctype html><html><body><h1>Welcome to the block explorer</h1></body></html>');
  });
  await new Promise<void>((resolve) => webPage.listen(0, '127.0.0.1', resolve));
  webUrl = `http://127.0.0.1:${(webPage.address() as { port: number }).port}`;
  packagePath = join(dir, 'rollback.json');
  await writeFile(
    packagePath,
    JSON.stringify({
      schemaVersion: 1,
      chainId: 31337,
      safe: '0x5B3120d0dA5FDcBA7aef87A9c3c64829C1c0D76B',
      guard,
      title: 'Rollback',
      kind: 'Rollback',
      ticket: 'RB-1',
      notBefore: 1_800_000_000,
      expiry: 1_900_000_000,
      evidence: `0x${'33'.repeat(32)}`,
      phases: [{ steps: [{ to: guard, data: '0x01' }] }],
    }),
  );
}, 60_000);

afterAll(async () => {
  await anvil?.stop();
  await new Promise((resolve) => webPage?.close(resolve));
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.concurrent('usage', () => {
  test('--help lists every command and the exit codes', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    for (const command of [
      'init',
      'validate',
      'evidence',
      'hash',
      'lane',
      'gate',
      'simulate',
      'authority',
      'register',
      'approve',
    ]) {
      expect(stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
    for (const command of ['propose', 'execute', 'advance', 'verify', 'halt', 'freeze', 'status']) {
      expect(stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
    expect(stdout).toContain('Exit codes: 0 release / ok, 1 hold, 2 reject or usage error');
  });

  test("a command's --help shows its options and the global ones", async () => {
    const { code, stdout } = await cli(['gate', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('--tx <file>');
    expect(stdout).toContain('--chain-id <id>');
    expect(stdout).toContain('Exit: 0 release, 1 hold, 2 reject');
  });

  test('no command: the help, exit 2', async () => {
    const { code, stdout } = await cli([]);
    expect(code).toBe(2);
    expect(stdout).toContain('Usage: manifest-guard <command> [options]');
  });

  test('an unknown command: exit 2 with a suggestion', async () => {
    const { code, stderr } = await cli(['gat', '--json']);
    expect(code).toBe(2);
    expect(stderr).toContain('error: "gat" is not a manifest-guard command. Did you mean "gate"?');
  });

  test('an unknown option, a missing value, a missing option: exit 2 naming it', async () => {
    const [unknown, missingValue, missingOption] = await Promise.all([
      cli(['validate', '--package', 'x.json', '--bogus']),
      cli(['validate', '--package']),
      cli(['validate', '--json']),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--bogus'");
    expect(unknown.stderr).toContain('See `manifest-guard validate --help`');
    expect(missingValue.code).toBe(2);
    expect(missingValue.stderr).toContain("Option '--package <value>' argument missing");
    expect(missingOption.code).toBe(2);
    expect(missingOption.json.error).toMatchObject({
      name: 'UsageError',
      message: '`validate` needs --package (the release package file).',
    });
  });

  test('--private-key is refused with the reason and the safe ways', async () => {
    const key = `0x${'11'.repeat(32)}`;
    const [spaced, joined] = await Promise.all([
      cli(['register', '--package', 'release.json', '--private-key', key]),
      cli(['approve', `--private-key=${key}`, '--json']),
    ]);
    for (const result of [spaced, joined]) {
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('--private-key is refused: a key on the command line ends up in shell history');
      expect(result.stderr).toContain('MANIFEST_GUARD_PRIVATE_KEY');
      expect(result.stderr).toContain('--keystore <file>');
      expect(result.stdout).not.toContain(key);
    }
    expect(joined.json.error.name).toBe('PrivateKeyFlagError');
  });

  test('a command that signs, without a key: exit 2 saying where keys come from', async () => {
    const { code, stderr } = await cli([
      'approve',
      '--id',
      `0x${'ab'.repeat(32)}`,
      '--guard',
      guard,
      '--chain-id',
      '31337',
      '--sign',
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain('`approve` sends a transaction as the approver and no key is configured.');
    expect(stderr).toContain('MANIFEST_GUARD_PRIVATE_KEY');
  });

  test('an invalid release package: every problem with its JSON path and the fix, exit 2', async () => {
    const path = join(dir, 'broken.json');
    await writeFile(
      path,
      JSON.stringify({
        schemaVersion: 1,
        chainId: 31337,
        safe: '0x12',
        guard,
        kind: 'Release',
        ticket: 'REL-1',
        notBefore: 1_800_000_000,
        expiry: 1_700_000_000,
        rollback: `0x${'22'.repeat(32)}`,
        evidence: `0x${'33'.repeat(32)}`,
        phases: [{ steps: [{ to: guard, data: '0x123', gas: 1 }] }],
      }),
    );
    const { code, json } = await cli(['validate', '--package', path, '--json']);
    expect(code).toBe(2);
    expect(json.valid).toBe(false);
    const issues = Object.fromEntries(
      json.issues.map((issue: { path: string; message: string }) => [issue.path, issue.message]),
    );
    expect(issues.safe).toContain('"0x12" is not an address (40 hex digits after 0x)');
    expect(issues.title).toBe('missing. Add a short title ("title").');
    expect(issues['phases[0].steps[0].data']).toContain('is not 0x-prefixed hex with whole bytes');
    expect(issues['phases[0].steps[0].gas']).toContain('is not a field of a step. Remove it');
  });

  test('a web page where the node should be: said so (not "is the node running?"), exit 2', async () => {
    const [page, missing] = await Promise.all([
      cli(['status', '--guard', guard, '--rpc', webUrl]),
      cli(['status', '--guard', guard, '--rpc', `${webUrl}/404`, '--json']),
    ]);
    for (const result of [page, missing]) {
      expect(result.code).toBe(2);
      expect(result.stderr).not.toContain('is the node running');
      expect(result.stderr).toContain('Check the URL: it must be the JSON-RPC endpoint of a node');
    }
    expect(page.stderr).toContain(
      `error: ${webUrl} answered eth_chainId with something that is not a usable JSON-RPC answer: not JSON (`,
    );
    expect(missing.json.error).toMatchObject({
      name: 'RpcAnswerError',
      message: expect.stringContaining(
        `${webUrl}/404 answered eth_chainId with something that is not a usable JSON-RPC answer: HTTP 404, "<!doctype html>`,
      ),
    });
  });

  test('a value that starts with "-": which option, and how to pass it', async () => {
    const { code, stderr } = await cli(['init', '--window', '-5d']);
    expect(code).toBe(2);
    expect(stderr).toContain('error: --window "-5d": a value that starts with "-" reads as another option.');
    expect(stderr).toContain('write --window=-5d');
    expect(stderr).not.toContain('ambiguous');
    const negative = await cli([
      'init',
      '--window=-5d',
      '--ticket',
      'RB-1',
      '--guard',
      guard,
      '--phase',
      `${guard}=${guard}`,
    ]);
    expect(negative.code).toBe(2);
    expect(negative.stderr).toContain('error: --window "-5d" is not a duration.');
  });

  test('verify --help shows the --tx form it takes; several hashes after one --tx say how', async () => {
    const help = await cli(['verify', '--help']);
    expect(help.stdout).toContain('--tx <hash> [--tx <hash> …]');
    expect(help.stdout).toMatch(
      /--tx <hash> +The phase's transactions \(default: found\)\. Repeat the option for each value\./,
    );
    const hash = (n: number) => `0x${String(n).repeat(64)}`;
    const [two, repeated] = await Promise.all([
      cli(['verify', '--package', join(dir, 'none.json'), '--tx', hash(1), hash(2)]),
      cli(['verify', '--package', join(dir, 'none.json'), '--tx', hash(1), '--tx', hash(2)]),
    ]);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain(`Repeat --tx before each value: --tx ${hash(1)} --tx ${hash(2)}.`);
    // The documented form parses: what fails is the missing file.
    expect(repeated.stderr).toContain('none.json: no such file (the release package)');
  });

  test('watch: a bad --for or --interval ends at once with exit 2, before anything runs', async () => {
    const started = Date.now();
    const [forever, busy, zero] = await Promise.all([
      cli(['watch', '--package', packagePath, '--rpc', anvil.rpcUrl, '--for', 'abc']),
      cli(['watch', '--package', packagePath, '--rpc', anvil.rpcUrl, '--interval', '0']),
      cli(['watch', '--package', packagePath, '--rpc', anvil.rpcUrl, '--interval', '100ms', '--json']),
    ]);
    expect(Date.now() - started).toBeLessThan(45_000);
    expect(forever.code).toBe(2);
    expect(forever.stderr).toContain('error: --for "abc" is not a duration.');
    expect(busy.code).toBe(2);
    expect(busy.stderr).toContain('error: --interval "0" is shorter than 250ms.');
    expect(zero.code).toBe(2);
    expect(zero.json.error.message).toBe('--interval "100ms" is shorter than 250ms.');
    for (const result of [forever, busy, zero]) expect(result.stdout).not.toContain('"type"');
  });

  test('the RPC is down: the URL and what to do, exit 2', async () => {
    const { code, stderr } = await cli(['status', '--guard', guard, '--rpc', 'http://127.0.0.1:8659']);
    expect(code).toBe(2);
    expect(stderr).toContain('error: Could not reach http://127.0.0.1:8659: is the node running?');
    expect(stderr).toContain('pass the RPC URL of a node that answers');
  });

  test('the RPC is on another chain than --chain-id: refused before anything is read', async () => {
    const { code, stderr, json } = await cli([
      'status',
      '--guard',
      guard,
      '--rpc',
      anvil.rpcUrl,
      '--chain-id',
      '1',
      '--json',
    ]);
    expect(code).toBe(2);
    expect(json.error.name).toBe('ChainIdMismatchError');
    expect(stderr).toContain(`error: ${anvil.rpcUrl} is on chain 31337, but --chain-id says chain 1.`);
    expect(stderr).toContain('approvals are bound to one chain');
  });

  test('no guard at the address on that chain: said plainly, exit 2', async () => {
    const { code, stderr } = await cli(['status', '--guard', guard, '--rpc', anvil.rpcUrl]);
    expect(code).toBe(2);
    expect(stderr).toContain(
      `error: There is no contract at ${guard} on chain 31337 (${anvil.rpcUrl}): it is not a ManifestGuard.`,
    );
  });

  test('evidence: adds invariants and sign-offs once, names what is still missing (exit 1); a malformed entry is exit 2', async () => {
    const packet = join(dir, 'evidence.json');
    await writeFile(packet, JSON.stringify({ ticket: 'RB-1', invariants: [], approvals: [] }));
    const add = ['evidence', '--evidence', packet, '--invariant', 'permissions:the Safe owns the ProxyAdmin'];
    const first = await cli([...add, '--approval', 'alice:security review:SEC-7', '--json']);
    expect(first.code, first.stderr).toBe(1);
    expect(first.json.added).toEqual({ invariants: 1, approvals: 1 });
    expect(first.json.gaps.map((gap: { part: string }) => gap.part)).toEqual(
      expect.arrayContaining(['implementations', 'calldataHashes', 'simulation', 'rollback', 'window']),
    );
    expect(first.json.gaps.map((gap: { part: string }) => gap.part)).not.toContain('invariants');
    const again = await cli([...add, '--json']);
    expect(again.json.added).toEqual({ invariants: 0, approvals: 0 });

    const badCategory = await cli(['evidence', '--evidence', packet, '--invariant', 'reserves:always 1:1']);
    expect(badCategory.code).toBe(2);
    expect(badCategory.stderr).toContain('--invariant "reserves:always 1:1" is not <category>:<name>.');
    expect(badCategory.stderr).toContain('balances, permissions, pricing, pause, other');
    const notJson = join(dir, 'not-json.json');
    await writeFile(notJson, '{ "ticket": ');
    const broken = await cli(['evidence', '--evidence', notJson, '--approval', 'bob']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain(`${notJson}: is not JSON`);
    expect(broken.stderr).toContain('Fix the syntax of the evidence packet.');
  });
});

describe('the imports without a node', () => {
  /** A network file of chain 31337 that records nothing: the node is asked before anything in it is looked up. */
  const networkFile = () => join(dir, 'unknown-31337.json');
  const importOz = () => [
    'import',
    'oz',
    '--guard',
    guard,
    '--network-file',
    networkFile(),
    '--proxy',
    guard,
    '--new-impl',
    guard,
    '--ticket',
    'REL-1',
  ];

  test('import oz with the node down, and with no RPC at all: exit 2, the reason and what to do, nothing written', async () => {
    await writeFile(networkFile(), JSON.stringify({ manifestVersion: '3.2', proxies: [], impls: {} }));
    const down = await cli([...importOz(), '--rpc', 'http://127.0.0.1:9', '--out', join(dir, 'never.json')]);
    expect(down.code).toBe(2);
    expect(down.stderr).toContain('error: Could not reach http://127.0.0.1:9: is the node running?');
    const none = await cli(importOz());
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(
      'error: `import oz` reads the chain and no RPC is configured.\n  Pass --rpc <url> or set MANIFEST_GUARD_RPC.\n',
    );
    await expect(rm(join(dir, 'never.json'))).rejects.toThrow('ENOENT');
  });

  test('`import` alone names the sources it can import from, exit 2', async () => {
    const result = await cli(['import']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'error: `import` names no source to import from.\n' +
        '  Write one of: manifest-guard import foundry, manifest-guard import oz.\n',
    );
  });
});

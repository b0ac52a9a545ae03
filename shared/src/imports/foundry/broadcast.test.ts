import { getAddress } from 'viem';
import { describe, expect, test } from 'vitest';

import { parseBroadcast } from './broadcast.js';
import { BroadcastFileError, NoSafeCallError, SafeCreateError } from './errors.js';
import { describeOther, splitBroadcast } from './safeCalls.js';

const safe = getAddress('0x4a4673290f7bb748ec405a632450ed98349775da');
const deployer = getAddress('0xa0ee7a142d267c1f36714e4a8f75612f20a79720');
const proxyAdmin = getAddress('0x57acbf46d3404af0f565670f7744e86d9f81124e');
const pool = getAddress('0xf56aa3aceddf88ab12e494d0b96da3c09a5d264e');

/** The shape forge 1.7 writes (dry run): a deployer's CREATE, then two calls of the Safe. */
const file = () => ({
  transactions: [
    {
      hash: null,
      transactionType: 'CREATE',
      contractName: 'PoolV2',
      contractAddress: '0x5621d0b4d8043524ac5837918d6a95b1050ef228',
      function: null,
      arguments: null,
      transaction: {
        from: deployer.toLowerCase(),
        to: null,
        gas: '0x1591d',
        value: '0x0',
        input: '0x6080',
        nonce: '0x1d',
      },
      additionalContracts: [],
      isFixedGasLimit: false,
    },
    {
      hash: null,
      transactionType: 'CALL',
      contractName: null,
      contractAddress: proxyAdmin.toLowerCase(),
      function: 'upgradeAndCall(address,address,bytes)',
      arguments: [pool, '0x5621d0B4D8043524Ac5837918D6a95b1050eF228', '0x'],
      transaction: { from: safe.toLowerCase(), to: proxyAdmin.toLowerCase(), value: '0x0', input: '0x9623609D' },
    },
    {
      transactionType: 'CALL',
      transaction: { from: safe.toLowerCase(), to: pool.toLowerCase(), value: '0x2a', data: '0x69fe0e2d' },
    },
  ],
  receipts: [],
  chain: 31337,
  commit: null,
});

const issues = (input: unknown) => {
  try {
    parseBroadcast(input, 'run-latest.json');
  } catch (error) {
    expect(error).toBeInstanceOf(BroadcastFileError);
    return (error as BroadcastFileError).issues.map((issue) => `${issue.path}: ${issue.message}`);
  }
  throw new Error('no refusal');
};

test('default: normalised transactions, numbered in file order', () => {
  const broadcast = parseBroadcast(file(), 'run-latest.json');
  expect(broadcast.chainId).toBe(31337);
  expect(broadcast.transactions).toEqual([
    {
      number: 1,
      kind: 'CREATE',
      from: deployer,
      data: '0x6080',
      value: 0n,
      contractName: 'PoolV2',
      contractAddress: getAddress('0x5621d0b4d8043524ac5837918d6a95b1050ef228'),
    },
    {
      number: 2,
      kind: 'CALL',
      from: safe,
      to: proxyAdmin,
      data: '0x9623609d',
      value: 0n,
      contractAddress: proxyAdmin,
      function: 'upgradeAndCall(address,address,bytes)',
    },
    { number: 3, kind: 'CALL', from: safe, to: pool, data: '0x69fe0e2d', value: 42n },
  ]);
});

test("split: the Safe's calls numbered among themselves; the deployer's CREATE listed apart", () => {
  const { safeCalls, others } = splitBroadcast(parseBroadcast(file(), 'run-latest.json'), safe);
  expect(safeCalls.map((call) => [call.call, call.number, call.to])).toEqual([
    [1, 2, proxyAdmin],
    [2, 3, pool],
  ]);
  expect(others.map(describeOther)).toEqual([
    `#1 not the Safe's: deployed by ${deployer} (CREATE PoolV2 at 0x5621d0B4D8043524Ac5837918D6a95b1050eF228)`,
  ]);
});

describe('errors', () => {
  test('an empty object, an array, null: the root named', () => {
    expect(issues({})).toEqual([
      'transactions: missing: a broadcast lists its transactions ("transactions": [...]).',
      'chain: missing: the chain id forge ran the script on ("chain").',
    ]);
    expect(issues([])).toEqual(['(root): is an array, not an object with "transactions" and "chain".']);
    expect(issues(null)).toEqual(['(root): is null, not an object with "transactions" and "chain".']);
  });
  test('no transactions', () => {
    expect(issues({ transactions: [], chain: 1 })).toEqual([
      'transactions: is empty: the script broadcast nothing. Call vm.startBroadcast(<safe>) before its calls.',
    ]);
  });
  test('a malformed sender, type and calldata, each with its path', () => {
    const broken = file();
    broken.transactions[1]!.transaction.from = '0x1234';
    broken.transactions[2]!.transactionType = 'DELEGATECALL';
    (broken.transactions[0]!.transaction as { input: string }).input = '0xabc';
    expect(issues(broken)).toEqual([
      'transactions[0].transaction.input: "0xabc" is not hex calldata (0x and whole bytes).',
      'transactions[1].transaction.from: "0x1234" is not an address (0x and 40 hex digits).',
      'transactions[2].transactionType: "DELEGATECALL" is not CALL, CREATE or CREATE2.',
    ]);
  });
  test('a CALL without target, without calldata', () => {
    const broken = file();
    (broken.transactions[1]!.transaction as { to: string | null }).to = null;
    delete (broken.transactions[2]!.transaction as { data?: string }).data;
    expect(issues(broken)).toEqual([
      'transactions[1].transaction.to: missing: a CALL needs its target.',
      'transactions[2].transaction.input: missing: the calldata (input or data).',
    ]);
  });
  test('a CREATE from the Safe; no call from the Safe', () => {
    const created = file();
    created.transactions[0]!.transaction.from = safe;
    expect(() => splitBroadcast(parseBroadcast(created, 'run-latest.json'), safe)).toThrow(SafeCreateError);
    try {
      splitBroadcast(parseBroadcast(created, 'run-latest.json'), safe);
    } catch (error) {
      expect((error as SafeCreateError).shortMessage).toBe(
        `Transaction #1 of the broadcast is a CREATE (PoolV2) from the Safe ${safe}: a Safe step calls a contract, ` +
          'it cannot deploy one.',
      );
    }
    const foreign = file();
    foreign.transactions = foreign.transactions.slice(0, 1);
    expect(() => splitBroadcast(parseBroadcast(foreign, 'run-latest.json'), safe)).toThrow(
      new NoSafeCallError('run-latest.json', safe, [deployer]),
    );
  });
});

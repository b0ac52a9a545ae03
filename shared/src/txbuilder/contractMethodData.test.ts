import { type Address, encodeFunctionData, parseAbi } from 'viem';
import { describe, expect, test } from 'vitest';

import { encodeMultiSend } from '../safe/multiSend.js';
import { multiSendAbi } from '../generated/safe.js';
import { parseTxBuilderBatch } from './batchFile.js';
import { batchAsMultiSendStep } from './batchAsMultiSendStep.js';
import { ContractMethodDataError, transactionData } from './contractMethodData.js';

const to: Address = '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0';
const proxy: Address = '0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9';

test('default', () => {
  const data = transactionData(
    {
      to,
      value: '0',
      data: null,
      contractMethod: {
        name: 'upgradeAndCall',
        payable: true,
        inputs: [
          { name: 'proxy', type: 'address', internalType: 'contract ITransparentUpgradeableProxy' },
          { name: 'implementation', type: 'address' },
          { name: 'data', type: 'bytes' },
        ],
      },
      contractInputsValues: { proxy: proxy.toLowerCase(), implementation: to, data: '0x' },
    },
    0,
  );
  const abi = parseAbi(['function upgradeAndCall(address proxy, address implementation, bytes data) payable']);
  expect(data).toBe(encodeFunctionData({ abi, functionName: 'upgradeAndCall', args: [proxy, to, '0x'] }));
});

test('args: arrays, tuples, booleans and numbers', () => {
  const abi = parseAbi(['function f(uint256[] a, (address who, bool yes) t, bool b, int8 n)']);
  const data = transactionData(
    {
      to,
      value: '0',
      data: null,
      contractMethod: {
        name: 'f',
        payable: false,
        inputs: [
          { name: 'a', type: 'uint256[]' },
          {
            name: 't',
            type: 'tuple',
            components: [
              { name: 'who', type: 'address' },
              { name: 'yes', type: 'bool' },
            ],
          },
          { name: 'b', type: 'bool' },
          { name: 'n', type: 'int8' },
        ],
      },
      contractInputsValues: { a: '["1", 2]', t: JSON.stringify([to, 'true']), b: 'false', n: '-3' },
    },
    0,
  );
  expect(data).toBe(
    encodeFunctionData({ abi, functionName: 'f', args: [[1n, 2n], { who: to, yes: true }, false, -3] }),
  );
});

test('args: a batch as the one step Safe{Wallet} submits', () => {
  const msco: Address = '0x9641d764fc13c8B624c04430C7356C1C7C8102e2';
  const batch = parseTxBuilderBatch({
    version: '1.0',
    chainId: '1',
    createdAt: 0,
    meta: { name: 'b' },
    transactions: [
      { to, value: '0', data: '0x01' },
      { to: proxy, value: '5', data: '0x' },
    ],
  });
  expect(batchAsMultiSendStep({ batch, multiSendCallOnly: msco })).toEqual({
    to: msco,
    value: 0n,
    operation: 'delegatecall',
    data: encodeFunctionData({
      abi: multiSendAbi,
      functionName: 'multiSend',
      args: [
        encodeMultiSend([
          { to, value: 0n, data: '0x01' },
          { to: proxy, value: 5n, data: '0x' },
        ]),
      ],
    }),
  });
  expect(
    batchAsMultiSendStep({
      batch: { ...batch, transactions: batch.transactions.slice(0, 1) },
      multiSendCallOnly: msco,
    }),
  ).toEqual({
    to,
    value: 0n,
    operation: 'call',
    data: '0x01',
  });
});

describe('errors', () => {
  test('a value that does not parse', () => {
    expect(() =>
      transactionData(
        {
          to,
          value: '0',
          data: null,
          contractMethod: { name: 'g', payable: false, inputs: [{ name: 'b', type: 'bool' }] },
          contractInputsValues: { b: 'yes' },
        },
        3,
      ),
    ).toThrow(ContractMethodDataError);
  });
});

import { type Address, encodeFunctionData, getAddress, parseAbi, zeroAddress, zeroHash } from 'viem';
import { describe, expect, test } from 'vitest';

import { encodeMultiSend } from '../safe/multiSend.js';
import { multiSendAbi } from '../generated/safe.js';
import { type AuthorityHolding, type AuthorityHoldings, diffHoldings } from './holdings.js';
import { touchedContracts } from './touchedContracts.js';

const at = (n: number) => getAddress(`0x${n.toString(16).padStart(40, '0')}`);
const safe = at(0x5afe);
const proxyAdmin = at(0xad);
const beacon = at(0xbe);
const proxy = at(0x70);
const vault = at(0x7a);
const outsider = at(0xbad);
const timelock = at(0x71);

const holding = (
  contract: Address,
  via: AuthorityHolding['via'],
  holders: Address[],
  role?: AuthorityHolding['role'],
): AuthorityHolding => ({
  contract,
  via,
  ...(role ? { role } : {}),
  holders,
  authority: holders.at(-1)!,
  isSafe: holders.at(-1) === safe,
});
const snapshot = (holdings: AuthorityHolding[], blockNumber = 1): AuthorityHoldings => ({
  blockNumber,
  contracts: [...new Set(holdings.map((entry) => entry.contract))],
  holdings,
});
const admin = { id: zeroHash, name: 'DEFAULT_ADMIN_ROLE' };

describe('diffHoldings', () => {
  const before = snapshot([
    holding(proxyAdmin, 'owner', [safe]),
    holding(proxy, 'proxyAdmin', [proxyAdmin, safe]),
    holding(beacon, 'owner', [safe]),
    holding(vault, 'role', [safe], admin),
  ]);

  test('nothing changed: no change, no finding', () => {
    expect(diffHoldings(before, before, { safe })).toEqual({ gained: [], lost: [], findings: [] });
  });

  test('an ownership handed to an outsider leaves the Safe, also behind the ProxyAdmin', () => {
    const after = snapshot([
      holding(proxyAdmin, 'owner', [outsider]),
      holding(proxy, 'proxyAdmin', [proxyAdmin, outsider]),
      holding(beacon, 'owner', [safe]),
      holding(vault, 'role', [safe], admin),
    ]);
    const { gained, lost, findings } = diffHoldings(before, after, { safe });
    expect(gained).toEqual([
      { contract: proxyAdmin, via: 'owner', address: outsider },
      { contract: proxy, via: 'proxyAdmin', address: outsider },
    ]);
    expect(lost).toEqual([
      { contract: proxyAdmin, via: 'owner', address: safe },
      { contract: proxy, via: 'proxyAdmin', address: safe },
    ]);
    expect(findings.map((finding) => [finding.kind, finding.contract, finding.holder, finding.authority])).toEqual([
      ['authorityLeftSafe', proxyAdmin, outsider, outsider],
      ['authorityLeftSafe', proxy, proxyAdmin, outsider],
    ]);
    expect(findings[0]!.message).toContain(`The owner() of ${proxyAdmin} leaves the Safe`);
    expect(findings[0]!.authorityBefore).toEqual([safe]);
  });

  test('a renounced ownership leaves the Safe to nobody', () => {
    const after = snapshot(before.holdings.filter((entry) => entry.contract !== beacon));
    const { findings } = diffHoldings(before, after, { safe });
    expect(findings).toEqual([
      expect.objectContaining({ kind: 'authorityLeftSafe', contract: beacon, holder: null, authority: null }),
    ]);
    expect(findings[0]!.message).toContain('it is now nobody');
  });

  test('a role granted to an outsider besides the Safe: outside the declared set, unless declared', () => {
    const after = snapshot([...before.holdings, holding(vault, 'role', [outsider], admin)]);
    expect(diffHoldings(before, after, { safe }).findings).toEqual([
      expect.objectContaining({ kind: 'authorityOutsideDeclared', contract: vault, holder: outsider, role: admin }),
    ]);
    expect(diffHoldings(before, after, { safe, declared: [outsider] }).findings).toEqual([]);
  });

  test('a hand-over to a contract the Safe owns keeps the authority with the Safe', () => {
    const after = snapshot([
      holding(proxyAdmin, 'owner', [timelock, safe]),
      ...before.holdings.filter((entry) => entry.contract !== proxyAdmin || entry.via !== 'owner'),
    ]);
    const { gained, findings } = diffHoldings(before, after, { safe });
    expect(gained).toEqual([{ contract: proxyAdmin, via: 'owner', address: timelock }]);
    expect(findings).toEqual([]);
  });

  test('a pending owner outside the declared set is a finding', () => {
    const after = snapshot([...before.holdings, holding(beacon, 'pendingOwner', [outsider])]);
    expect(diffHoldings(before, after, { safe }).findings).toEqual([
      expect.objectContaining({ kind: 'authorityOutsideDeclared', contract: beacon, via: 'pendingOwner' }),
    ]);
  });
});

describe('touchedContracts', () => {
  const abi = parseAbi([
    'function transferOwnership(address)',
    'function upgradeTo(address)',
    'function upgradeAndCall(address,address,bytes)',
    'function multicall(bytes[])',
    'function setFee(uint256)',
  ]);
  const call = (to: Address, data: `0x${string}`) => ({ to, value: 0n, data });

  test('each MultiSend entry, address(0) as the Safe, not the MultiSendCallOnly', () => {
    const batch = encodeFunctionData({
      abi: multiSendAbi,
      functionName: 'multiSend',
      args: [
        encodeMultiSend([
          call(beacon, encodeFunctionData({ abi, functionName: 'upgradeTo', args: [vault] })),
          call(proxyAdmin, encodeFunctionData({ abi, functionName: 'transferOwnership', args: [outsider] })),
          call(zeroAddress, '0x'),
        ]),
      ],
    });
    expect(touchedContracts([{ to: at(0x3333), data: batch, operation: 1 }], safe)).toEqual([beacon, proxyAdmin, safe]);
  });

  test('the proxy a ProxyAdmin call names, and calls inside its init data and a multicall', () => {
    const init = encodeFunctionData({
      abi,
      functionName: 'multicall',
      args: [[encodeFunctionData({ abi, functionName: 'setFee', args: [1n] })]],
    });
    const step = call(
      proxyAdmin,
      encodeFunctionData({ abi, functionName: 'upgradeAndCall', args: [proxy, vault, init] }),
    );
    expect(touchedContracts([{ ...step, operation: 0 }], safe)).toEqual([proxyAdmin, proxy]);
  });
});

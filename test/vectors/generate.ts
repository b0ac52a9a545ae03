/**
 * Writes test/vectors/manifest-hashing.json, the golden EIP-712 vectors of the manifest id that both the forge
 * test (guard/test/hashing/ManifestHashingVectors.t.sol) and vitest (shared/src/hashing/manifestId.test.ts)
 * check. Deterministic: run `npx tsx test/vectors/generate.ts` and commit the result.
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

import * as prettier from 'prettier';
import {
  type Address,
  encodeAbiParameters,
  encodeFunctionData,
  getAddress,
  getTypesForEIP712Domain,
  type Hex,
  keccak256,
  maxUint64,
  maxUint256,
  parseAbi,
  parseEther,
  slice,
  toHex,
  zeroHash,
} from 'viem';

import {
  approvalDigest,
  domainSeparator,
  type Manifest,
  type ManifestTypeName,
  manifestDomain,
  manifestDomainName,
  manifestDomainVersion,
  manifestId,
  manifestStructHash,
  manifestTypeHash,
  manifestTypes,
  manifestTypeString,
  type Phase,
  type Step,
  stepKey,
} from '../../shared/src/hashing/index.js';
import { CheckKind, ManifestKind, StopResponse } from '../../shared/src/guard/manifest.js';
import { multiSendAbi } from '../../shared/src/generated/safe.js';
import { encodeMultiSend } from '../../shared/src/safe/index.js';
import { manifestAbiParameter, manifestToJson, type Vector, type VectorFile, vectorFilePath } from './format.js';

/** The Safe's `Enum.Operation`. */
const Operation = { Call: 0, DelegateCall: 1 } as const;

/** A fixed, checksummed address named by a label (keccak256 of the label, last 20 bytes). */
const addr = (label: string): Address => getAddress(slice(keccak256(toHex(label)), 12));
const hash = (label: string): Hex => keccak256(toHex(label));

const guardA = addr('manifest-guard/guard-a');
const guardB = addr('manifest-guard/guard-b');
const mainnet = 1;
const sepolia = 11_155_111;

const proxyAdmin = addr('proxy-admin');
const vaultProxy = addr('vault-proxy');
const oracleProxy = addr('oracle-proxy');
const vaultImplV2 = addr('vault-impl-v2');
const oracleImplV2 = addr('oracle-impl-v2');
const pool = addr('pool');
const treasury = addr('treasury');
/** The canonical MultiSendCallOnly 1.4.1: the only delegatecall target a guard can be configured with. */
const multiSendCallOnly: Address = '0x9641d764fc13c8B624c04430C7356C1C7C8102e2';

const abi = parseAbi([
  'function upgradeAndCall(address proxy, address implementation, bytes data) payable',
  'function implementation() view returns (address)',
  'function pause()',
  'function getReserves() view returns (uint112, uint112, uint32)',
  'function deviationBps() view returns (uint256)',
  'function setFee(uint256 fee)',
]);

const upgrade = (proxy: Address, implementation: Address, data: Hex = '0x'): Hex =>
  encodeFunctionData({ abi, functionName: 'upgradeAndCall', args: [proxy, implementation, data] });
const implementationCall = encodeFunctionData({ abi, functionName: 'implementation' });
const pauseCall = encodeFunctionData({ abi, functionName: 'pause' });

const call = (to: Address, data: Hex, value = 0n): Step => ({ to, value, operation: Operation.Call, data });
const phase = (steps: Step[], extra: Partial<Phase> = {}): Phase => ({
  steps,
  checks: [],
  conditions: [],
  minSoak: 0n,
  ...extra,
});

const notBefore = 1_750_000_000n;
const expiry = notBefore + 30n * 86_400n;

const rollbackManifest: Manifest = {
  kind: ManifestKind.Rollback,
  ticket: 'OPS-1',
  notBefore,
  expiry,
  rollback: zeroHash,
  evidence: hash('evidence/OPS-1'),
  phases: [phase([call(proxyAdmin, upgrade(vaultProxy, addr('vault-impl-v1')))])],
};

const releaseManifest: Manifest = {
  kind: ManifestKind.Release,
  ticket: 'OPS-2',
  notBefore,
  expiry,
  rollback: manifestId({ manifest: rollbackManifest, chainId: mainnet, guard: guardA }),
  evidence: hash('evidence/OPS-2'),
  phases: [
    phase([call(proxyAdmin, upgrade(vaultProxy, vaultImplV2))], {
      checks: [
        {
          kind: CheckKind.ResultHash,
          target: vaultProxy,
          data: implementationCall,
          expected: keccak256(encodeAbiParameters([{ type: 'address' }], [vaultImplV2])),
          response: StopResponse.Rollback,
        },
        {
          kind: CheckKind.CodeHash,
          target: vaultImplV2,
          data: '0x',
          expected: hash('vault-impl-v2/runtime'),
          response: StopResponse.Contain,
        },
      ],
      minSoak: 3_600n,
    }),
    phase(
      [
        call(proxyAdmin, upgrade(oracleProxy, oracleImplV2)),
        call(oracleProxy, encodeFunctionData({ abi, functionName: 'setFee', args: [30n] })),
      ],
      {
        checks: [
          {
            kind: CheckKind.ResultHash,
            target: oracleProxy,
            data: implementationCall,
            expected: keccak256(encodeAbiParameters([{ type: 'address' }], [oracleImplV2])),
            response: StopResponse.Observe,
          },
        ],
        conditions: [
          {
            target: pool,
            data: encodeFunctionData({ abi, functionName: 'getReserves' }),
            min: parseEther('1000'),
            max: parseEther('5000000'),
          },
          {
            target: oracleProxy,
            data: encodeFunctionData({ abi, functionName: 'deviationBps' }),
            min: 0n,
            max: 50n,
          },
        ],
        minSoak: 86_400n,
      },
    ),
    phase([call(treasury, '0x', parseEther('1.5'))]),
  ],
};

const emergencyManifest: Manifest = {
  kind: ManifestKind.Emergency,
  ticket: 'SEC-7: pause the vault',
  notBefore: 0n,
  expiry,
  rollback: zeroHash,
  evidence: hash('evidence/SEC-7'),
  phases: [phase([call(vaultProxy, pauseCall)])],
};

const emptyDataManifest: Manifest = {
  kind: ManifestKind.Rollback,
  ticket: '',
  notBefore,
  expiry,
  rollback: zeroHash,
  evidence: zeroHash,
  phases: [
    phase([call(treasury, '0x', 1n)], {
      checks: [{ kind: CheckKind.CodeHash, target: treasury, data: '0x', expected: zeroHash, response: 0 }],
      conditions: [{ target: pool, data: '0x', min: 0n, max: 0n }],
    }),
    phase([call(treasury, '0x')]),
  ],
};

const maxHash: Hex = `0x${'ff'.repeat(32)}`;
const maxValuesManifest: Manifest = {
  kind: ManifestKind.Release,
  ticket: 'OPS-MAX',
  notBefore: 0n,
  expiry: maxUint64,
  rollback: maxHash,
  evidence: maxHash,
  phases: [
    phase([call(getAddress(`0x${'ff'.repeat(20)}`), `0x${'ab'.repeat(1_000)}`, maxUint256)], {
      checks: [
        {
          kind: CheckKind.ResultHash,
          target: getAddress(`0x${'ff'.repeat(20)}`),
          data: `0x${'cd'.repeat(33)}`,
          expected: maxHash,
          response: StopResponse.Observe,
        },
      ],
      conditions: [{ target: pool, data: `0x${'ef'.repeat(31)}`, min: maxUint256, max: maxUint256 }],
      minSoak: maxUint64,
    }),
  ],
};

const unicodeTicket = `CHG-2025-0042 — Vault v2 ↑ Ünïcödé 升级 🚀 “quoted” \\ back\\slash\n${'Ω≈ç√∫ 💥 '.repeat(40)}`;
const unicodeManifest: Manifest = {
  ...releaseManifest,
  ticket: unicodeTicket,
  phases: [phase([call(proxyAdmin, upgrade(vaultProxy, vaultImplV2))])],
};

const batchManifest: Manifest = {
  kind: ManifestKind.Release,
  ticket: 'OPS-3: batched upgrade',
  notBefore,
  expiry,
  rollback: hash('rollback/OPS-3'),
  evidence: hash('evidence/OPS-3'),
  phases: [
    phase([
      {
        to: multiSendCallOnly,
        value: 0n,
        operation: Operation.DelegateCall,
        data: encodeFunctionData({
          abi: multiSendAbi,
          functionName: 'multiSend',
          args: [
            encodeMultiSend([
              call(proxyAdmin, upgrade(vaultProxy, vaultImplV2)),
              call(proxyAdmin, upgrade(oracleProxy, oracleImplV2)),
              call(treasury, '0x', 1n),
            ]),
          ],
        }),
      },
    ]),
  ],
};

type Case = { name: string; description: string; chainId: number; guard: Address; manifest: Manifest };

const cases: Case[] = [
  {
    name: 'minimal',
    description: 'Rollback manifest: one phase, one step, no checks or conditions',
    chainId: mainnet,
    guard: guardA,
    manifest: rollbackManifest,
  },
  {
    name: 'release-multi-phase',
    description: 'Release with three phases, ResultHash and CodeHash checks, entry conditions, soak times, a value',
    chainId: mainnet,
    guard: guardA,
    manifest: releaseManifest,
  },
  {
    name: 'emergency',
    description: 'Emergency pause manifest (kind 2), notBefore 0',
    chainId: mainnet,
    guard: guardA,
    manifest: emergencyManifest,
  },
  {
    name: 'empty-data',
    description: 'Empty ticket, zero hashes, empty step, check and condition data, zero bounds',
    chainId: mainnet,
    guard: guardA,
    manifest: emptyDataManifest,
  },
  {
    name: 'max-values',
    description: 'Every uint256, uint64 and bytes32 at its maximum, 1000-byte calldata, the 0xff..ff address',
    chainId: mainnet,
    guard: guardA,
    manifest: maxValuesManifest,
  },
  {
    name: 'unicode-ticket',
    description: `A ${unicodeTicket.length}-character ticket with non-ASCII, emoji, quotes, backslashes and a newline`,
    chainId: mainnet,
    guard: guardA,
    manifest: unicodeManifest,
  },
  {
    name: 'multisend-batch',
    description: 'One delegatecall step to MultiSendCallOnly 1.4.1 carrying three packed calls',
    chainId: mainnet,
    guard: guardA,
    manifest: batchManifest,
  },
  {
    name: 'release-multi-phase@sepolia',
    description: 'release-multi-phase on another chain: same struct hash, another id',
    chainId: sepolia,
    guard: guardA,
    manifest: releaseManifest,
  },
  {
    name: 'release-multi-phase@guard-b',
    description: 'release-multi-phase at another guard: same struct hash, another id',
    chainId: mainnet,
    guard: guardB,
    manifest: releaseManifest,
  },
  {
    name: 'minimal@sepolia-guard-b',
    description: 'minimal on another chain and at another guard',
    chainId: sepolia,
    guard: guardB,
    manifest: rollbackManifest,
  },
];

function vector({ name, description, chainId, guard, manifest }: Case): Vector {
  const id = manifestId({ manifest, chainId, guard });
  return {
    name,
    description,
    domain: { chainId, verifyingContract: guard },
    manifest: manifestToJson(manifest),
    encoded: encodeAbiParameters([manifestAbiParameter], [manifest]),
    expected: {
      domainSeparator: domainSeparator({ chainId, guard }),
      structHash: manifestStructHash({ manifest }),
      manifestId: id,
      approvalDigest: approvalDigest({ manifestId: id, chainId, guard }),
      stepKeys: manifest.phases.flatMap((p) => p.steps.map(stepKey)),
    },
  };
}

function typeEntry(encodeType: string) {
  return { encodeType, typeHash: keccak256(toHex(encodeType)) };
}

/** The whole vector file, as generate.ts writes it. */
export function buildVectorFile(): VectorFile {
  const domainFields = getTypesForEIP712Domain({ domain: manifestDomain({ chainId: mainnet, guard: guardA }) });
  const types: VectorFile['types'] = {
    EIP712Domain: typeEntry(`EIP712Domain(${domainFields.map((f) => `${f.type} ${f.name}`).join(',')})`),
  };
  for (const name of Object.keys(manifestTypes) as ManifestTypeName[]) {
    types[name] = { encodeType: manifestTypeString(name), typeHash: manifestTypeHash(name) };
  }
  return {
    description:
      'Golden EIP-712 vectors of the Manifest Guard manifest id. Generated by test/vectors/generate.ts; checked by ' +
      'guard/test/hashing/ManifestHashingVectors.t.sol and shared/src/hashing/manifestId.test.ts. ' +
      'Numbers above uint8 are decimal strings; `encoded` is abi.encode(manifest) as one Manifest tuple.',
    domain: { name: manifestDomainName, version: manifestDomainVersion },
    types,
    vectors: cases.map(vector),
  };
}

/** The vector file as text, formatted the way the repository's prettier formats JSON. */
export async function renderVectorFile(): Promise<string> {
  const options = (await prettier.resolveConfig(vectorFilePath)) ?? {};
  return prettier.format(JSON.stringify(buildVectorFile()), { ...options, parser: 'json' });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(vectorFilePath, await renderVectorFile());
  console.log(`wrote ${buildVectorFile().vectors.length} vectors to ${vectorFilePath}`);
}

import { type Address, type Hex, encodeAbiParameters, encodeFunctionData, keccak256, pad, zeroHash } from 'viem';

import { codeHashCheck } from '../../src/builders/checks.js';
import {
  demoPoolV1Abi,
  demoPoolV1Bytecode,
  demoPoolV2Abi,
  demoPoolV2Bytecode,
  demoVaultV1Abi,
  demoVaultV1Bytecode,
  demoVaultV2Bytecode,
  proxyAdminAbi,
  upgradeableBeaconAbi,
} from '../../src/generated/index.js';
import {
  CheckKind,
  type Check,
  type Manifest,
  ManifestKind,
  type Phase,
  type Step,
  StopResponse,
} from '../../src/guard/manifest.js';
import { multiSendAbi, safeAbi } from '../../src/generated/safe.js';
import { encodeMultiSend } from '../../src/safe/multiSend.js';
import type { LocalDesk } from '../devnet/localDesk.js';

const HOUR = 3600n;
const DAY = 24n * HOUR;
/** Rollbacks keep their window open longer than the releases they protect (the guard requires it). */
const ROLLBACK_WINDOW = 60n * DAY;

export const call = (to: Address, data: Hex): Step => ({
  to,
  value: 0n,
  operation: 0,
  data,
});

/** A check that `target.version()` returns `expected` (hash of the ABI-encoded string). */
export function versionCheck(target: Address, expected: string): Check {
  return {
    kind: CheckKind.ResultHash,
    target,
    data: encodeFunctionData({ abi: demoPoolV1Abi, functionName: 'version' }),
    expected: keccak256(encodeAbiParameters([{ type: 'string' }], [expected])),
    response: StopResponse.Rollback,
  };
}

/** A check that `target.feeBps()` returns `expected`. */
export function feeCheck(target: Address, expected: bigint): Check {
  return {
    kind: CheckKind.ResultHash,
    target,
    data: encodeFunctionData({ abi: demoPoolV1Abi, functionName: 'feeBps' }),
    expected: keccak256(encodeAbiParameters([{ type: 'uint256' }], [expected])),
    response: StopResponse.Contain,
  };
}

/**
 * keccak256 of the runtime code a desk implementation deployed from `creation` has at `address` (what `extcodehash`
 * returns), from its generated creation code: solc's constructor copies the runtime code
 * (`PUSH2 size [DUP1] PUSH2 offset PUSH0 CODECOPY`) and writes each immutable into it (`PUSH2 position ADD MSTORE`).
 * The desk implementations' only immutable is UUPSUpgradeable's `__self`, the implementation's own address.
 */
export function deployedCodeHash(creation: Hex, address: Address): Hex {
  const code = creation.slice(2);
  const copy = /61([0-9a-f]{4})(?:80)?61([0-9a-f]{4})5f39/.exec(code);
  const size = copy ? Number.parseInt(copy[1]!, 16) : 0;
  const offset = copy ? Number.parseInt(copy[2]!, 16) : 0;
  if (!copy || offset + size !== code.length / 2 || code.slice(offset * 2 - 2, offset * 2) !== 'fe') {
    throw new Error('The creation code does not end in the runtime code solc copies: regenerate the artifacts.');
  }
  let runtime = code.slice(offset * 2);
  const word = pad(address).slice(2).toLowerCase();
  for (const [, position] of code.slice(copy.index, offset * 2).matchAll(/61([0-9a-f]{4})0152/g)) {
    const at = Number.parseInt(position!, 16) * 2;
    runtime = runtime.slice(0, at) + word + runtime.slice(at + 64);
  }
  return keccak256(`0x${runtime}`);
}

/** The desk implementations' code-hash checks: every upgrade step's phase carries one of what it installs. */
export function implementationCodeHashChecks(
  desk: LocalDesk,
  which: readonly ('poolV1' | 'poolV2' | 'vaultV1' | 'vaultV2')[],
): Check[] {
  const creation = {
    poolV1: demoPoolV1Bytecode,
    poolV2: demoPoolV2Bytecode,
    vaultV1: demoVaultV1Bytecode,
    vaultV2: demoVaultV2Bytecode,
  } as const;
  return which.map((name) => {
    const target = desk.implementations[name];
    return codeHashCheck({ target, codeHash: deployedCodeHash(creation[name], target) });
  });
}

export function phase(steps: Step[], checks: Check[] = [], minSoak = 0n): Phase {
  return { steps, checks, conditions: [], minSoak };
}

export function manifest(args: {
  kind: number;
  ticket: string;
  now: bigint;
  phases: Phase[];
  rollback?: Hex;
  window?: bigint;
}): Manifest {
  return {
    kind: args.kind,
    ticket: args.ticket,
    notBefore: args.now,
    expiry: args.now + (args.window ?? 30n * DAY),
    rollback: args.rollback ?? zeroHash,
    evidence: keccak256(new TextEncoder().encode(`evidence:${args.ticket}`)),
    phases: args.phases,
  };
}

/**
 * REL-42: upgrade the Transparent pool (canary), then the UUPS vault and the Beacon pools; each phase checks the
 * versions through the proxies and the code hash of every implementation it installs.
 */
export function upgradeRelease(desk: LocalDesk, now: bigint, rollback: Hex): Manifest {
  const { transparent, uups, beacon } = desk.proxies;
  const { poolV2, vaultV2 } = desk.implementations;
  const canary = phase(
    [
      call(
        transparent.proxyAdmin,
        encodeFunctionData({
          abi: proxyAdminAbi,
          functionName: 'upgradeAndCall',
          args: [
            transparent.proxy,
            poolV2,
            encodeFunctionData({
              abi: demoPoolV2Abi,
              functionName: 'initializeV2',
              args: [100n],
            }),
          ],
        }),
      ),
    ],
    [versionCheck(transparent.proxy, '2.0.0'), ...implementationCodeHashChecks(desk, ['poolV2'])],
    HOUR,
  );
  const rest = phase(
    [
      call(
        uups.proxy,
        encodeFunctionData({
          abi: demoVaultV1Abi,
          functionName: 'upgradeToAndCall',
          args: [vaultV2, '0x'],
        }),
      ),
      call(
        beacon.beacon,
        encodeFunctionData({
          abi: upgradeableBeaconAbi,
          functionName: 'upgradeTo',
          args: [poolV2],
        }),
      ),
    ],
    [
      versionCheck(uups.proxy, '2.0.0'),
      versionCheck(beacon.proxy, '2.0.0'),
      ...implementationCodeHashChecks(desk, ['vaultV2', 'poolV2']),
    ],
  );
  return manifest({
    kind: ManifestKind.Release,
    ticket: 'REL-42 pool and vault v2',
    now,
    phases: [canary, rest],
    rollback,
  });
}

/** RB-42: every proxy back to version 1. */
export function upgradeRollback(desk: LocalDesk, now: bigint): Manifest {
  const { transparent, uups, beacon } = desk.proxies;
  const { poolV1, vaultV1 } = desk.implementations;
  return manifest({
    kind: ManifestKind.Rollback,
    ticket: 'RB-42 back to v1',
    window: ROLLBACK_WINDOW,
    now,
    phases: [
      phase(
        [
          call(
            transparent.proxyAdmin,
            encodeFunctionData({
              abi: proxyAdminAbi,
              functionName: 'upgradeAndCall',
              args: [transparent.proxy, poolV1, '0x'],
            }),
          ),
          call(
            uups.proxy,
            encodeFunctionData({
              abi: demoVaultV1Abi,
              functionName: 'upgradeToAndCall',
              args: [vaultV1, '0x'],
            }),
          ),
          call(
            beacon.beacon,
            encodeFunctionData({
              abi: upgradeableBeaconAbi,
              functionName: 'upgradeTo',
              args: [poolV1],
            }),
          ),
        ],
        [
          versionCheck(transparent.proxy, '1.0.0'),
          versionCheck(beacon.proxy, '1.0.0'),
          ...implementationCodeHashChecks(desk, ['poolV1', 'vaultV1']),
        ],
      ),
    ],
  });
}

export const setFee = (pool: Address, fee: bigint): Step =>
  call(
    pool,
    encodeFunctionData({
      abi: demoPoolV1Abi,
      functionName: 'setFee',
      args: [fee],
    }),
  );

/** REL-43: raise the fee on the Transparent pool (canary), then on the Beacon pool. */
export function feeRelease(desk: LocalDesk, now: bigint, rollback: Hex): Manifest {
  const { transparent, beacon } = desk.proxies;
  return manifest({
    kind: ManifestKind.Release,
    ticket: 'REL-43 fee 30 -> 50 bps',
    now,
    rollback,
    phases: [
      phase([setFee(transparent.proxy, 50n)], [feeCheck(transparent.proxy, 50n)], HOUR),
      phase([setFee(beacon.proxy, 50n)], [feeCheck(beacon.proxy, 50n)]),
    ],
  });
}

/** RB-43: the fee back to 30 bps on both pools. */
export function feeRollback(desk: LocalDesk, now: bigint): Manifest {
  const { transparent, beacon } = desk.proxies;
  return manifest({
    kind: ManifestKind.Rollback,
    ticket: 'RB-43 fee back to 30 bps',
    window: ROLLBACK_WINDOW,
    now,
    phases: [phase([setFee(transparent.proxy, 30n), setFee(beacon.proxy, 30n)], [feeCheck(transparent.proxy, 30n)])],
  });
}

/** HOTFIX-7: looks like a fee tweak, but its MultiSend batch also adds an owner to the Safe. */
export function smuggledOwnerChange(desk: LocalDesk, now: bigint, attacker: Address, rollback: Hex): Manifest {
  const batch = encodeFunctionData({
    abi: multiSendAbi,
    functionName: 'multiSend',
    args: [
      encodeMultiSend([
        setFee(desk.proxies.transparent.proxy, 40n),
        call(
          desk.safe,
          encodeFunctionData({
            abi: safeAbi,
            functionName: 'addOwnerWithThreshold',
            args: [attacker, 1n],
          }),
        ),
      ]),
    ],
  });
  return manifest({
    kind: ManifestKind.Release,
    ticket: 'HOTFIX-7 fee tweak',
    now,
    rollback,
    phases: [
      phase([
        {
          to: desk.safeContracts['1.5.0'].MultiSendCallOnly,
          value: 0n,
          operation: 1,
          data: batch,
        },
      ]),
    ],
  });
}

/** RB-7: the fee back to 30 bps (HOTFIX-7's rollback). */
export function hotfixRollback(desk: LocalDesk, now: bigint): Manifest {
  return manifest({
    kind: ManifestKind.Rollback,
    ticket: 'RB-7 fee back to 30 bps',
    window: ROLLBACK_WINDOW,
    now,
    phases: [phase([setFee(desk.proxies.transparent.proxy, 29n)])],
  });
}

/** RB-9: OPS-9's way back (the beacon pool's fee to 28 bps). */
export function shortWindowRollback(desk: LocalDesk, now: bigint): Manifest {
  return manifest({
    kind: ManifestKind.Rollback,
    ticket: 'RB-9 fee to 28 bps',
    window: ROLLBACK_WINDOW,
    now,
    phases: [phase([setFee(desk.proxies.beacon.proxy, 28n)])],
  });
}

/** OPS-9: a fee floor whose window closes after two hours (an Emergency may only pause, so it is a Release). */
export function shortWindow(desk: LocalDesk, now: bigint, rollback: Hex): Manifest {
  return manifest({
    kind: ManifestKind.Release,
    ticket: 'OPS-9 two-hour window',
    now,
    rollback,
    window: 2n * HOUR,
    phases: [phase([setFee(desk.proxies.beacon.proxy, 31n)])],
  });
}

import { type Hex, hashStruct, isHex } from 'viem';

import {
  approvalDigest,
  bindDescriptor,
  type ClearSignView,
  domainSeparator,
  manifestDomain,
  manifestGuardApprovalDescriptor,
  manifestGuardCalldataDescriptor,
  manifestId,
  manifestTypes,
  renderCalldata,
  renderTypedData,
  toManifest,
} from '../../node.js';
import { parseChainId } from '../chain.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { addressOption, optionalPackage } from '../inputs.js';
import { stringOption } from '../options.js';
import { exitCode, table } from '../output.js';

export const clearSign: Command = {
  name: 'clear-sign',
  usage: [
    'clear-sign --package <file> [--chain-id <id>] [--json]',
    'clear-sign --data <calldata> [--to <guard>] [--package <file> | --guard <address> --chain-id <id>] [--json]',
  ],
  description: [
    'Shows what a clear-signing device (ERC-7730) displays before a signer signs, offline (no RPC, no key):',
    "with --package, the EIP-712 approval of the package's manifest, Approval(manifestId) under the guard's",
    'domain, exactly as `approve --sign` signs it; with --data, a call to the guard (register, approve,',
    'attestContinue, halt, freeze, reinstate, …), as an approver, guardian or the Safe would send it. Each line is',
    "the descriptor's label and the value as the device shows it (ids shortened to their first and last 4 bytes,",
    'dates in UTC, enums by name), then the value in full to compare. Without a descriptor for the data, it says the',
    'device will blind-sign and prints the hashes the device shows instead. The descriptors are in',
    'shared/src/clearsign/descriptors (generated from the ABI); --to binds them to that guard, and a call to another',
    "contract than the guard (--guard or the package's) is blind.",
    'Exit: 0 the device clear-signs, 1 it blind-signs (compare the hashes), 2 an error (bad calldata, no input).',
  ].join('\n'),
  options: {
    package: { type: 'string', value: '<file>', description: "The release package: its manifest's approval." },
    data: { type: 'string', value: '<calldata>', description: 'Calldata of a call to the guard (0x…).' },
    to: { type: 'string', value: '<address>', description: 'The contract the calldata is sent to (the guard).' },
  },
  async run(context) {
    const { values, out } = context;
    const pkg = await optionalPackage(context);
    const data = stringOption(values, 'data');
    const chainId = parseChainId(stringOption(values, 'chain-id')) ?? pkg?.chainId;
    const guard = addressOption(context, 'guard') ?? pkg?.guard;
    if (data === undefined) {
      if (!pkg) {
        throw new UsageError(
          '`clear-sign` needs --package (an approval) or --data (a call to the guard).',
          'Pass --package release.json, or --data 0x… with --to <guard>.',
        );
      }
      if (stringOption(values, 'to') !== undefined) {
        throw new UsageError('--to goes with --data.', 'Pass the calldata with --data 0x…, or leave out --to.');
      }
      // As `approve --sign` signs it: --guard and --chain-id override the package's.
      const approvalChainId = chainId ?? pkg.chainId;
      const approvalGuard = guard ?? pkg.guard;
      const id = manifestId({ manifest: toManifest(pkg), chainId: approvalChainId, guard: approvalGuard });
      const descriptor = bindDescriptor({
        descriptor: manifestGuardApprovalDescriptor,
        chainId: approvalChainId,
        address: approvalGuard,
      });
      const view = renderTypedData({
        descriptor,
        domain: manifestDomain({ chainId: approvalChainId, guard: approvalGuard }),
        types: manifestTypes,
        primaryType: 'Approval',
        message: { manifestId: id },
      });
      const hashes = {
        domainHash: domainSeparator({ chainId: approvalChainId, guard: approvalGuard }),
        messageHash: hashStruct({ data: { manifestId: id }, primaryType: 'Approval', types: manifestTypes }),
        digest: approvalDigest({ manifestId: id, chainId: approvalChainId, guard: approvalGuard }),
      };
      out.result(
        { signs: 'approval', manifestId: id, chainId: approvalChainId, guard: approvalGuard, view, hashes },
        [
          `Approval of manifest ${id}`,
          `(EIP-712 Approval(bytes32 manifestId), guard ${approvalGuard} on chain ${approvalChainId})`,
          '',
          ...viewText(view),
          '',
          'If the device shows hashes instead (blind signing), they must be:',
          table([
            ['domain hash', hashes.domainHash],
            ['message hash', hashes.messageHash],
            ['digest signed', hashes.digest],
          ]),
        ].join('\n'),
      );
      return view.kind === 'clear' ? exitCode.ok : exitCode.hold;
    }

    if (!isHex(data, { strict: true }) || data.length % 2 !== 0) {
      throw new UsageError(
        `--data "${shorten(data)}" is not hex calldata.`,
        'Use 0x followed by an even number of hex digits.',
      );
    }
    const calldata = data.toLowerCase() as Hex;
    const to = addressOption(context, 'to') ?? guard;
    if (to && guard && to.toLowerCase() !== guard.toLowerCase()) {
      const view: ClearSignView = {
        kind: 'blind',
        reason: `no descriptor: the device shows blind-signing data (the call goes to ${to}, not to the guard ${guard}: Manifest Guard's descriptor does not apply)`,
      };
      out.result({ signs: 'calldata', to, guard, chainId, view }, viewText(view).join('\n'));
      return exitCode.hold;
    }
    const descriptor =
      to && chainId !== undefined
        ? bindDescriptor({ descriptor: manifestGuardCalldataDescriptor, chainId, address: to })
        : manifestGuardCalldataDescriptor;
    const view = renderCalldata({ descriptor, data: calldata, to, chainId });
    out.result(
      { signs: 'calldata', to: to ?? null, chainId: chainId ?? null, view },
      [
        `Call${to ? ` to ${to}` : ''}${chainId !== undefined ? ` on chain ${chainId}` : ''}`,
        '',
        ...viewText(view),
        ...(to && chainId !== undefined
          ? []
          : [
              '',
              'Not bound to a guard: the device also checks the contract and chain against its registry entry (pass --to and --chain-id).',
            ]),
      ].join('\n'),
    );
    return view.kind === 'clear' ? exitCode.ok : exitCode.hold;
  },
};

/** The device's screens as text: the intent, then each label with the shown value and, where it differs, the full one. */
function viewText(view: ClearSignView): string[] {
  if (view.kind === 'blind') {
    return [
      `✗ blind signing: ${view.reason.replace(/^no descriptor: /, '')}`,
      '  The device shows raw data or hashes only: compare them with a trusted copy.',
    ];
  }
  const width = Math.max(0, ...view.lines.map((line) => line.label.length));
  return [
    `✓ clear signing (ERC-7730, ${view.owner})`,
    `  ${view.intent}`,
    ...view.lines.flatMap((line) => [
      `  ${line.label.padEnd(width)}  ${line.value}`,
      ...(line.full !== line.value ? [`  ${''.padEnd(width)}  (in full: ${line.full})`] : []),
    ]),
  ];
}

function shorten(text: string): string {
  return text.length > 24 ? `${text.slice(0, 24)}…` : text;
}

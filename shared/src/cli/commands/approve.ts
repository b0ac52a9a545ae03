import { writeFile } from 'node:fs/promises';

import { type Address, type Hex, getAddress, isAddress, isHex, recoverTypedDataAddress } from 'viem';

import { manifestGuardAbi } from '../../generated/manifestGuard.js';
import { manifestDomain, manifestTypes } from '../../node.js';
import { expectGuard, parseChainId, sendContract } from '../chain.js';
import type { Command } from '../command.js';
import { CliFileError, UsageError } from '../errors.js';
import { readJson } from '../files.js';
import { readState, stateLine } from '../guardState.js';
import { manifestOptions, targetManifest } from '../inputs.js';
import { stringOption } from '../options.js';
import { exitCode } from '../output.js';

/** An EIP-712 approval an approver signed offline (`approve --sign`), submitted by anyone with `--signature`. */
export type ApprovalSignature = { manifestId: Hex; approver: Address; signature: Hex; chainId: number; guard: Address };

export const approve: Command = {
  name: 'approve',
  usage: [
    'approve (--package <file> | --id <id> --guard <address>) --rpc <url>',
    'approve (--package <file> | --id <id> --guard <address> --chain-id <id>) --sign [--out approval.json]',
    'approve --signature approval.json --rpc <url>',
  ],
  description: [
    "Approves as the signer (an approver of the guard): on chain with the guard's approve(id); with --sign, signs",
    "the EIP-712 Approval(manifestId) under the guard's domain offline (no RPC needed: a hardware-wallet-style",
    'signer) and writes the signature file; with --signature, submits such a file with approveBySig (any account',
    "pays the gas; the signature is checked locally first). The manifest becomes executable once the lane's",
    'threshold is reached, after its delay.',
    'Exit: 0 ok, 2 rejected (e.g. not an approver, the proposer approving their own manifest, a second approval).',
  ].join('\n'),
  options: {
    ...manifestOptions,
    sign: { type: 'boolean', description: 'Sign the approval offline instead of sending it.' },
    out: {
      type: 'string',
      value: '<file>',
      description: 'With --sign: write the signature file here (default: stdout).',
    },
    signature: { type: 'string', value: '<file>', description: 'Submit this signature file with approveBySig.' },
  },
  async run(context) {
    const { values, out } = context;
    const signaturePath = stringOption(values, 'signature');
    if (signaturePath !== undefined) {
      if (values.sign) throw new UsageError('--sign and --signature exclude each other.', 'Sign first, then submit.');
      return submit(context, signaturePath);
    }
    const { id, pkg, guard } = await targetManifest(context);
    const account = await context.account('approver');
    if (values.sign) {
      const chainId = parseChainId(stringOption(values, 'chain-id')) ?? pkg?.chainId;
      if (chainId === undefined) {
        throw new UsageError('--sign needs the chain id.', 'Pass --chain-id (or --package, which names its chain).');
      }
      const signature = await account.signTypedData({
        domain: manifestDomain({ chainId, guard }),
        types: manifestTypes,
        primaryType: 'Approval',
        message: { manifestId: id },
      });
      const file: ApprovalSignature = { manifestId: id, approver: account.address, signature, chainId, guard };
      const path = stringOption(values, 'out');
      if (path) await writeFile(path, `${JSON.stringify(file, null, 2)}\n`);
      if (path || out.json)
        out.result(file, `✓ ${account.address} signed the approval of ${id}${path ? ` → ${path}` : ''}`);
      else process.stdout.write(`${JSON.stringify(file, null, 2)}\n`);
      return exitCode.ok;
    }
    const chain = await context.chain();
    await expectGuard(chain, guard);
    out.progress(`approving ${id} as ${account.address}`);
    const sent = await sendContract(chain, account, {
      address: guard,
      abi: manifestGuardAbi,
      functionName: 'approve',
      args: [id],
      action: `approve(${id})`,
      fix: 'Approve as an approver of the guard, once, and not a manifest you proposed.',
    });
    const state = await readState(chain, guard, id);
    out.result(
      { manifestId: id, approver: account.address, txHash: sent.hash, state },
      `✓ ${account.address} approved ${id}\n  ${stateLine(state)}`,
    );
    return exitCode.ok;
  },
};

async function submit(context: Parameters<Command['run']>[0], path: string) {
  const file = (await readJson(path, 'approval signature file')) as Partial<Record<keyof ApprovalSignature, unknown>>;
  const valid =
    typeof file.manifestId === 'string' &&
    /^0x[0-9a-fA-F]{64}$/.test(file.manifestId) &&
    typeof file.approver === 'string' &&
    isAddress(file.approver) &&
    typeof file.guard === 'string' &&
    isAddress(file.guard) &&
    typeof file.signature === 'string' &&
    isHex(file.signature) &&
    typeof file.chainId === 'number';
  if (!valid) {
    throw new CliFileError(
      path,
      'is not an approval signature file',
      'Use the file `approve --sign --out <file>` wrote: { manifestId, approver, signature, chainId, guard }.',
    );
  }
  const approval = file as ApprovalSignature;
  const guard = getAddress(approval.guard);
  const recovered = await recoverTypedDataAddress({
    domain: manifestDomain({ chainId: approval.chainId, guard }),
    types: manifestTypes,
    primaryType: 'Approval',
    message: { manifestId: approval.manifestId },
    signature: approval.signature,
  });
  if (recovered !== getAddress(approval.approver)) {
    throw new CliFileError(
      path,
      `the signature was made by ${recovered}, not the approver ${approval.approver} it names`,
      'Ask the approver to sign again with `approve --sign`.',
    );
  }
  const chain = await context.chain();
  await expectGuard(chain, guard);
  if (chain.chainId !== approval.chainId) {
    throw new CliFileError(
      path,
      `is for chain ${approval.chainId}, the RPC is on ${chain.chainId}`,
      'Use the RPC of that chain.',
    );
  }
  const account = await context.account('submitter of the approval');
  const sent = await sendContract(chain, account, {
    address: guard,
    abi: manifestGuardAbi,
    functionName: 'approveBySig',
    args: [approval.manifestId, getAddress(approval.approver), approval.signature],
    action: `approveBySig(${approval.manifestId}, ${approval.approver})`,
    fix: 'The approver must be an approver of the guard who has not approved yet, and not the proposer.',
  });
  const state = await readState(chain, guard, approval.manifestId);
  context.out.result(
    { manifestId: approval.manifestId, approver: approval.approver, txHash: sent.hash, state },
    `✓ submitted ${approval.approver}'s approval of ${approval.manifestId}\n  ${stateLine(state)}`,
  );
  return exitCode.ok;
}

import type { Abi, Address, ContractFunctionArgs, ContractFunctionName } from 'viem';

/**
 * A contract write, typed from the ABI down: `functionName` must be one of the ABI's state-changing functions and
 * `args` its parameters.
 *
 * @example
 * const call: ContractWrite<typeof manifestGuardAbi, 'approve'> = { address: guard, abi: manifestGuardAbi, functionName: 'approve', args: [id] };
 */
export type ContractWrite<
  abi extends Abi = Abi,
  functionName extends ContractFunctionName<abi, 'nonpayable' | 'payable'> = ContractFunctionName<
    abi,
    'nonpayable' | 'payable'
  >,
> = {
  address: Address;
  abi: abi;
  functionName: functionName;
  args: ContractFunctionArgs<abi, 'nonpayable' | 'payable', functionName>;
};

/** The state-changing function names of `abi`. */
export type WriteFunctionName<abi extends Abi> = ContractFunctionName<abi, 'nonpayable' | 'payable'>;

/** The arguments of `abi`'s state-changing `functionName`. */
export type WriteFunctionArgs<abi extends Abi, functionName extends WriteFunctionName<abi>> = ContractFunctionArgs<
  abi,
  'nonpayable' | 'payable',
  functionName
>;

/**
 * The same call with its ABI seen as a plain `Abi`: what a helper generic over the ABI hands to viem, once its caller's
 * types were checked (viem cannot follow a generic function name through its own overloads).
 */
export function plainCall<const abi extends Abi, functionName extends WriteFunctionName<abi>>(
  call: ContractWrite<abi, functionName>,
): { address: Address; abi: Abi; functionName: string; args: readonly unknown[] } {
  return {
    address: call.address,
    abi: call.abi,
    functionName: call.functionName,
    args: call.args as readonly unknown[],
  };
}

/**
 * The gas limit to send a contract write with: the node's estimate plus half again and 25,000. An estimate holds for
 * the state it was taken on; a transaction mined after another changed that state can take a costlier path (the
 * approval that reaches the threshold costs about 28% more than the one before it, and two approvers often approve at
 * the same time). Unused gas is not charged.
 *
 * @example
 * const gas = gasWithMargin(await publicClient.estimateContractGas({ ...call, account }));
 */
export function gasWithMargin(estimate: bigint): bigint {
  return estimate + estimate / 2n + 25_000n;
}

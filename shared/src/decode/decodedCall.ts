import type { Address, Hex } from 'viem';

/** One decoded argument. */
export type DecodedArgument = { name: string; type: string; value: unknown };

type CallBase = {
  to: Address;
  value: bigint;
  operation: number;
  /** What `to` is, when the decoder knows: `the Safe`, `the guard`, `MultiSendCallOnly`. */
  targetLabel?: string;
  /** One line for people. */
  summary: string;
};

/** A Safe transaction (or a call inside a MultiSend batch), decoded. */
export type DecodedCall =
  | (CallBase & {
      kind: 'call';
      selector: Hex;
      functionName: string;
      signature: string;
      /** Every known contract with this function (e.g. both ProxyAdmin versions). */
      contracts: string[];
      args: DecodedArgument[];
      /** The decoded `data` argument of `upgradeAndCall` / `upgradeToAndCall` (the call made on the proxy). */
      initializer?: DecodedCall;
    })
  | (CallBase & { kind: 'multiSend'; calls: DecodedCall[] })
  | (CallBase & { kind: 'transfer' })
  | (CallBase & { kind: 'unknown'; selector: Hex; message: string })
  | (CallBase & { kind: 'malformed'; message: string });

import type { Address, Hex } from "viem";

/** A log as `eth_getLogs` returns it (quantities hex-encoded). */
export type RpcLog = {
  address: Address;
  topics: Hex[];
  data: Hex;
  blockNumber: Hex;
  blockHash: Hex;
  /** Included by anvil, reth and recent geth; absent elsewhere. */
  blockTimestamp?: Hex | null | undefined;
  transactionHash: Hex;
  transactionIndex: Hex;
  logIndex: Hex;
  removed?: boolean | undefined;
};

/** A log decoded with the ABI of the contract that emitted it. */
export type DecodedLog = {
  /** The source's name (`token`, `registry`, …; classes found through the factory are `token` too). */
  source: string;
  /** Checksummed address of the emitting contract. */
  address: Address;
  eventName: string;
  /** Decoded arguments by name; integers are bigint. */
  args: Record<string, unknown>;
  blockNumber: bigint;
  blockHash: Hex;
  /** From the log when the node includes it; otherwise the sync fills it from the block header. */
  blockTimestamp: bigint | undefined;
  transactionHash: Hex;
  transactionIndex: number;
  logIndex: number;
};

import type { Abi, Address } from "viem";

/** A contract at a fixed address, indexed from `startBlock`. */
export type IndexerContract = {
  /** Stable name carried by every decoded log (`token`, `registry`, `logAnchor`, `timelock`, `safe`, `factory`). */
  name: string;
  address: Address;
  abi: Abi;
  startBlock: bigint;
};

/**
 * A factory whose `eventName` announces new contracts: the address in argument `addressArgument` is indexed
 * with `child.abi` from the block of the announcement on (TokenFactory's `TokenClassCreated(token, …)`).
 */
export type IndexerFactory = {
  name: string;
  address: Address;
  abi: Abi;
  eventName: string;
  addressArgument: string;
  child: { name: string; abi: Abi };
  startBlock: bigint;
};

/** Everything one chain's indexer follows. Factories are listed in `contracts` too when their own events matter. */
export type IndexerSources = {
  chainId: number;
  /** Lowest `startBlock` of all contracts and factories: where a fresh index begins. */
  startBlock: bigint;
  contracts: IndexerContract[];
  factories: IndexerFactory[];
};

/** One address the fetcher queries, static or discovered through a factory. */
export type SourceEntry = {
  name: string;
  address: Address;
  abi: Abi;
  startBlock: bigint;
  /** The factory that announced it (discovered contracts only). */
  factory?: Address | undefined;
};

import { type Abi, type AbiEvent, type Address, getAddress, type Hex, toEventSelector } from "viem";
import { InvalidSourcesError } from "../errors/errors.ts";
import type { IndexerFactory, IndexerSources, SourceEntry } from "./types.ts";

/** The live set of addresses to index: the static sources plus contracts discovered through factories. */
export type SourceRegistry = {
  readonly chainId: number;
  readonly startBlock: bigint;
  /** Every address to query (static and discovered), checksummed. */
  addresses(): Address[];
  /** The entry of an address (any case), or undefined. */
  find(address: string): SourceEntry | undefined;
  factories(): readonly IndexerFactory[];
  /** The factory at `address`, or undefined. */
  findFactory(address: string): IndexerFactory | undefined;
  /** topic0 of every non-anonymous event of every ABI (sources, factories, children): the topics filter. */
  topics(): Hex[];
  /** Records a contract announced by `factory` in `blockNumber`; false when the address is already known. */
  addChild(params: { factory: IndexerFactory; address: Address; blockNumber: bigint }): boolean;
  /** Forgets contracts announced above `blockNumber` (their announcement was reorganized away). */
  rollback(blockNumber: bigint): void;
  /** The discovered contracts, oldest first. */
  children(): SourceEntry[];
};

function eventSelectors(abi: Abi): Hex[] {
  return abi
    .filter((item): item is AbiEvent => item.type === "event" && item.anonymous !== true)
    .map((item) => toEventSelector(item));
}

/**
 * Builds the {@link SourceRegistry} of `sources`. The same address may appear twice only with the same ABI
 * (the factory listed as a contract and as a factory uses the same one).
 *
 * @throws {InvalidSourcesError} `INVALID_INDEXER_SOURCES` when nothing is to be indexed or an address has two ABIs.
 *
 * @example
 * const registry = createSourceRegistry(getManifestSources(manifest));
 * registry.addresses(); // [token, registry, logAnchor, timelock, safe, factory]
 */
export function createSourceRegistry(sources: IndexerSources): SourceRegistry {
  const byAddress = new Map<string, SourceEntry>();
  const factories = new Map<string, IndexerFactory>();
  let children: SourceEntry[] = [];
  for (const c of sources.contracts) {
    const key = c.address.toLowerCase();
    const known = byAddress.get(key);
    if (known !== undefined && known.abi !== c.abi)
      throw new InvalidSourcesError(`Address ${c.address} is listed twice with different ABIs`, {
        address: c.address,
      });
    byAddress.set(key, {
      name: c.name,
      address: getAddress(c.address),
      abi: c.abi,
      startBlock: c.startBlock,
    });
  }
  for (const f of sources.factories) {
    const key = f.address.toLowerCase();
    factories.set(key, f);
    if (!byAddress.has(key))
      byAddress.set(key, {
        name: f.name,
        address: getAddress(f.address),
        abi: f.abi,
        startBlock: f.startBlock,
      });
  }
  if (byAddress.size === 0) throw new InvalidSourcesError("No contract to index");
  const abis = new Set<Abi>([...byAddress.values()].map((e) => e.abi));
  for (const f of factories.values()) abis.add(f.child.abi);
  const topics = [...new Set([...abis].flatMap(eventSelectors))];

  return {
    chainId: sources.chainId,
    startBlock: sources.startBlock,
    addresses: () => [...byAddress.values()].map((e) => e.address),
    find: (address) => byAddress.get(address.toLowerCase()),
    factories: () => [...factories.values()],
    findFactory: (address) => factories.get(address.toLowerCase()),
    topics: () => [...topics],
    addChild: ({ factory, address, blockNumber }) => {
      const key = address.toLowerCase();
      if (byAddress.has(key)) return false;
      const entry: SourceEntry = {
        name: factory.child.name,
        address: getAddress(address),
        abi: factory.child.abi,
        startBlock: blockNumber,
        factory: factory.address,
      };
      byAddress.set(key, entry);
      children.push(entry);
      return true;
    },
    rollback: (blockNumber) => {
      const gone = children.filter((c) => c.startBlock > blockNumber);
      for (const c of gone) byAddress.delete(c.address.toLowerCase());
      children = children.filter((c) => c.startBlock <= blockNumber);
    },
    children: () => [...children],
  };
}

/**
 * An in-memory chain behind a viem client (a `custom` transport), for tests that need exact control:
 * blocks with Transfer logs, reorgs of any depth, and injected RPC failures. Answers eth_chainId,
 * eth_getBlockByNumber (numbers and latest/finalized/safe) and eth_getLogs (ranges or blockHash, address
 * and topic0 filters).
 */
import {
  type Address,
  bytesToHex,
  createPublicClient,
  custom,
  encodeAbiParameters,
  getAddress,
  type Hex,
  hexToBytes,
  keccak256,
  numberToHex,
  type PublicClient,
  pad,
  toEventSelector,
  toHex,
} from "viem";
import type { RpcLog } from "../fetch/types.ts";

export const TRANSFER_TOPIC = toEventSelector("Transfer(address,address,uint256)");

export type FakeBlock = { number: bigint; hash: Hex; parentHash: Hex; timestamp: bigint; logs: RpcLog[] };

export type FakeTransfer = { token: Address; from: Address; to: Address; value: bigint };

/** A request the fake answered or failed: method and params as sent. */
export type FakeRequest = { method: string; params: unknown[] };

/** Return a value to fail the request with it (thrown as is), or undefined to answer normally. */
export type FakeInterceptor = (request: FakeRequest) => unknown;

export type FakeChain = {
  client: PublicClient;
  blocks: FakeBlock[];
  requests: FakeRequest[];
  /** Indices (in `requests`) of the requests that were failed by `intercept`. */
  failed: Set<number>;
  /** Set to inject failures. */
  intercept: FakeInterceptor | undefined;
  /** Set to tamper with answers (a lagging node that drops logs). */
  transform: ((request: FakeRequest, result: unknown) => unknown) | undefined;
  /** Mines one block with these transfers (and optionally raw extra logs). */
  mine(
    transfers?: FakeTransfer[],
    extra?: Omit<
      RpcLog,
      | "blockNumber"
      | "blockHash"
      | "blockTimestamp"
      | "transactionHash"
      | "transactionIndex"
      | "logIndex"
      | "removed"
    >[],
  ): FakeBlock;
  /** Replaces the last `depth` blocks by `replacement.length` new ones (each a list of transfers). */
  reorg(depth: number, replacement: FakeTransfer[][]): void;
  head(): FakeBlock;
  /** Set to a number to make the `finalized` tag answer that block. */
  finalizedTag: bigint | undefined;
  /** Omit blockTimestamp from logs (like older geth). */
  omitLogTimestamps: boolean;
};

let forkCounter = 0;

/** The 2048-bit bloom of a block's logs (address and every topic), as nodes compute it. */
export function bloomOf(logs: readonly RpcLog[]): Hex {
  const bloom = new Uint8Array(256);
  for (const log of logs)
    for (const value of [log.address, ...log.topics]) {
      const hash = hexToBytes(keccak256(value));
      for (let i = 0; i < 6; i += 2) {
        const bit = (((hash[i] ?? 0) << 8) | (hash[i + 1] ?? 0)) & 2047;
        const index = 255 - Math.floor(bit / 8);
        bloom[index] = (bloom[index] ?? 0) | (1 << (bit % 8));
      }
    }
  return bytesToHex(bloom);
}

export function createFakeChain(options: { chainId?: number; genesisTimestamp?: bigint } = {}): FakeChain {
  const chainId = options.chainId ?? 31337;
  const fork = ++forkCounter;
  let salt = 0;
  const genesis: FakeBlock = {
    number: 0n,
    hash: keccak256(toHex(`genesis-${chainId}`)),
    parentHash: `0x${"00".repeat(32)}`,
    timestamp: options.genesisTimestamp ?? 1_700_000_000n,
    logs: [],
  };
  const chain: FakeChain = {
    client: undefined as unknown as PublicClient,
    blocks: [genesis],
    requests: [],
    failed: new Set(),
    intercept: undefined,
    transform: undefined,
    finalizedTag: undefined,
    omitLogTimestamps: false,
    head: () => chain.blocks[chain.blocks.length - 1] as FakeBlock,
    mine(transfers = [], extra = []) {
      const parent = chain.head();
      const number = parent.number + 1n;
      const hash = keccak256(toHex(`block-${fork}-${number}-${++salt}`));
      const timestamp = parent.timestamp + 2n;
      const logs: RpcLog[] = [];
      const raw = [
        ...transfers.map((t) => ({
          address: t.token,
          topics: [TRANSFER_TOPIC, pad(t.from), pad(t.to)] as Hex[],
          data: encodeAbiParameters([{ type: "uint256" }], [t.value]),
        })),
        ...extra,
      ];
      raw.forEach((r, i) => {
        logs.push({
          ...r,
          blockNumber: numberToHex(number),
          blockHash: hash,
          blockTimestamp: numberToHex(timestamp),
          transactionHash: keccak256(toHex(`tx-${hash}-${i}`)),
          transactionIndex: numberToHex(i),
          logIndex: numberToHex(i),
          removed: false,
        });
      });
      const block: FakeBlock = { number, hash, parentHash: parent.hash, timestamp, logs };
      chain.blocks.push(block);
      return block;
    },
    reorg(depth, replacement) {
      chain.blocks.splice(chain.blocks.length - depth, depth);
      for (const transfers of replacement) chain.mine(transfers);
    },
  };
  const rpcBlock = (b: FakeBlock) => ({
    number: numberToHex(b.number),
    hash: b.hash,
    parentHash: b.parentHash,
    timestamp: numberToHex(b.timestamp),
    logsBloom: bloomOf(b.logs),
  });
  const matches = (log: RpcLog, filter: { address?: Address[]; topics?: (Hex[] | Hex | null)[] }) => {
    if (filter.address && !filter.address.some((a) => a.toLowerCase() === log.address.toLowerCase()))
      return false;
    const t0 = filter.topics?.[0];
    if (Array.isArray(t0) && !t0.includes(log.topics[0] as Hex)) return false;
    return true;
  };
  const strip = (log: RpcLog): RpcLog => {
    if (!chain.omitLogTimestamps) return log;
    const { blockTimestamp: _omit, ...rest } = log;
    return rest;
  };
  const request = async (args: { method: string; params?: unknown }) => {
    const result = await answer(args);
    return chain.transform === undefined
      ? result
      : chain.transform({ method: args.method, params: (args.params ?? []) as unknown[] }, result);
  };
  const answer = async ({ method, params }: { method: string; params?: unknown }) => {
    const p = (params ?? []) as unknown[];
    const req = { method, params: p };
    chain.requests.push(req);
    const failure = chain.intercept?.(req);
    if (failure !== undefined) {
      chain.failed.add(chain.requests.length - 1);
      throw failure;
    }
    switch (method) {
      case "eth_chainId":
        return numberToHex(chainId);
      case "eth_blockNumber":
        return numberToHex(chain.head().number);
      case "eth_getBlockByNumber": {
        const id = p[0] as string;
        if (id === "latest") return rpcBlock(chain.head());
        if (id === "finalized" || id === "safe") {
          const n = chain.finalizedTag ?? 0n;
          const b = chain.blocks[Number(n)];
          return b ? rpcBlock(b) : null;
        }
        const b = chain.blocks[Number(BigInt(id))];
        return b ? rpcBlock(b) : null;
      }
      case "eth_getLogs": {
        const f = p[0] as {
          address?: Address[];
          topics?: (Hex[] | Hex | null)[];
          fromBlock?: Hex;
          toBlock?: Hex;
          blockHash?: Hex;
        };
        if (f.blockHash !== undefined) {
          const b = chain.blocks.find((x) => x.hash === f.blockHash);
          if (b === undefined) throw { code: -32000, message: "unknown block" };
          return b.logs.filter((l) => matches(l, f)).map(strip);
        }
        const from = BigInt(f.fromBlock ?? "0x0");
        const to = BigInt(f.toBlock ?? "0x0");
        const out: RpcLog[] = [];
        for (let n = from; n <= to && n < BigInt(chain.blocks.length); n++)
          for (const l of (chain.blocks[Number(n)] as FakeBlock).logs) if (matches(l, f)) out.push(strip(l));
        return out;
      }
      default:
        throw { code: -32601, message: `method ${method} not supported` };
    }
  };
  chain.client = createPublicClient({ transport: custom({ request }, { retryCount: 0 }) });
  return chain;
}

/** A deterministic test address for index `i`. */
export function testAddress(i: number): Address {
  return getAddress(`0x${(0xa11ce000n + BigInt(i)).toString(16).padStart(40, "0")}`);
}

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { securityTokenAbi, tokenFactoryAbi } from "@coinscious/contracts";
import fc from "fast-check";
import {
  type Abi,
  type Address,
  encodeAbiParameters,
  encodeEventTopics,
  type Hex,
  HttpRequestError,
  keccak256,
  pad,
  toHex,
} from "viem";
import { createIndexerMetrics } from "../common/createIndexerMetrics.ts";
import { IndexerRpcError, LogDecodeError, LogRangeUnsplittableError } from "../errors/errors.ts";
import type { IndexerSources } from "../sources/types.ts";
import {
  createFakeChain,
  type FakeChain,
  type FakeRequest,
  TRANSFER_TOPIC,
  testAddress,
} from "../test/fakeChain.ts";
import { createAdaptiveGetLogs } from "./createAdaptiveGetLogs.ts";
import { createLogFetcher } from "./createLogFetcher.ts";
import type { RpcLog } from "./types.ts";

const token = testAddress(1);
const wallets = Array.from({ length: 6 }, (_, i) => testAddress(100 + i));
const sources = (extra: Partial<IndexerSources> = {}): IndexerSources => ({
  chainId: 31337,
  startBlock: 1n,
  contracts: [{ name: "token", address: token, abi: securityTokenAbi as Abi, startBlock: 1n }],
  factories: [],
  ...extra,
});

type GetLogsFilter = { fromBlock?: Hex; toBlock?: Hex; blockHash?: Hex; address?: Address[] };
const rangeOf = (r: FakeRequest) => {
  const f = r.params[0] as GetLogsFilter;
  return { from: BigInt(f.fromBlock ?? "0x0"), to: BigInt(f.toBlock ?? "0x0") };
};
const logsIn = (chain: FakeChain, from: bigint, to: bigint) =>
  chain.blocks.slice(Number(from), Number(to) + 1).reduce((n, b) => n + b.logs.length, 0);

/** Provider behaviour for the property test. */
type Provider = {
  maxResults: number;
  maxBlocks: number | undefined;
  suggest: boolean;
  failureRate: number;
  failure: "timeout" | "server" | "rate_limit";
};

function installProvider(chain: FakeChain, p: Provider, random: () => number): void {
  const failedOnce = new Set<string>();
  chain.intercept = (r) => {
    if (r.method !== "eth_getLogs") return undefined;
    const { from, to } = rangeOf(r);
    const key = `${from}-${to}`;
    if (!failedOnce.has(key) && random() < p.failureRate) {
      failedOnce.add(key);
      if (p.failure === "timeout") return new HttpRequestError({ url: "http://fake", status: 504 });
      if (p.failure === "server") return { code: -32603, message: "internal error" };
      return { code: 429, message: "Too Many Requests" };
    }
    if (p.maxBlocks !== undefined && to - from + 1n > BigInt(p.maxBlocks))
      return { code: -32602, message: `query exceeds max block range ${p.maxBlocks}` };
    if (logsIn(chain, from, to) > p.maxResults) {
      let end = from;
      while (end < to && logsIn(chain, from, end + 1n) <= p.maxResults) end++;
      const hint = p.suggest ? ` Try with this block range [${toHex(from)}, ${toHex(end)}].` : "";
      return { code: -32005, message: `query returned more than ${p.maxResults} results.${hint}` };
    }
    return undefined;
  };
}

describe("createLogFetcher", () => {
  test("splits and retries under any provider limit, returning every log exactly once, in order", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat({ max: 6 }), { minLength: 1, maxLength: 300 }),
        fc.record({
          maxResults: fc.integer({ min: 6, max: 60 }),
          maxBlocks: fc.option(fc.integer({ min: 1, max: 80 }), { nil: undefined }),
          suggest: fc.boolean(),
          failureRate: fc.constantFrom(0, 0.1, 0.3),
          failure: fc.constantFrom("timeout" as const, "server" as const, "rate_limit" as const),
        }),
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 1, max: 2000 }),
        fc.integer(),
        fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
        async (perBlock, provider, initialRange, maxRange, seed, shrinkAboveLogs) => {
          const chain = createFakeChain();
          let i = 0;
          for (const n of perBlock)
            chain.mine(
              Array.from({ length: n }, () => ({
                token,
                from: wallets[i % 6] as Address,
                to: wallets[(i + 1) % 6] as Address,
                value: BigInt(++i),
              })),
            );
          let state = seed;
          const random = () => {
            state = (state * 1103515245 + 12345) & 0x7fffffff;
            return state / 0x80000000;
          };
          installProvider(chain, provider, random);
          const fetcher = createLogFetcher({
            publicClient: chain.client,
            sources: sources(),
            initialRange,
            maxRange,
            shrinkAboveLogs,
            retryDelayMs: 0,
          });
          const head = chain.head().number;
          const logs = await fetcher.fetchLogs({ fromBlock: 1n, toBlock: head });
          assert.equal(logs.length, i);
          assert.deepEqual(
            logs.map((l) => l.args.value),
            Array.from({ length: i }, (_, k) => BigInt(k + 1)),
          );
          // The successful requests tile 1..head: no gap, no overlap.
          const answered = chain.requests
            .filter((r, k) => r.method === "eth_getLogs" && !failedAt(chain, k))
            .map(rangeOf);
          let next = 1n;
          for (const r of answered) {
            assert.equal(r.from, next);
            next = r.to + 1n;
          }
          assert.equal(next, head + 1n);
        },
      ),
      { numRuns: 60 },
    );
  });

  test("grows the range while answers are fast and small, up to maxRange", async () => {
    const chain = createFakeChain();
    for (let n = 0; n < 3000; n++) chain.mine();
    const metrics = createIndexerMetrics();
    const fetcher = createLogFetcher({
      publicClient: chain.client,
      sources: sources(),
      initialRange: 10,
      maxRange: 1000,
      metrics,
      now: () => 0,
    });
    await fetcher.fetchLogs({ fromBlock: 1n, toBlock: 3000n });
    const sizes = chain.requests.map((r) => rangeOf(r)).map((r) => Number(r.to - r.from + 1n));
    assert.deepEqual(sizes.slice(0, 7), [10, 20, 40, 80, 160, 320, 640]);
    assert.equal(fetcher.range(), 1000n);
    assert.equal(metrics.snapshot().gauges.getLogsRangeBlocks, 1000);
  });

  test("does not grow when answers are slow or large", async () => {
    const chain = createFakeChain();
    for (let n = 0; n < 100; n++) chain.mine();
    let clock = 0;
    const fetcher = createLogFetcher({
      publicClient: chain.client,
      sources: sources(),
      initialRange: 10,
      growBelowMs: 500,
      now: () => (clock += 600),
    });
    await fetcher.fetchLogs({ fromBlock: 1n, toBlock: 100n });
    assert.equal(fetcher.range(), 10n);
  });

  test("shrinks the range after an answer with more logs than shrinkAboveLogs, keeping every log", async () => {
    const chain = createFakeChain();
    let i = 0;
    const transfer = () => ({
      token,
      from: wallets[0] as Address,
      to: wallets[1] as Address,
      value: BigInt(++i),
    });
    for (let n = 0; n < 40; n++) chain.mine(Array.from({ length: 30 }, transfer));
    const metrics = createIndexerMetrics();
    const fetcher = createLogFetcher({
      publicClient: chain.client,
      sources: sources(),
      initialRange: 20,
      growBelowLogs: 25,
      shrinkAboveLogs: 50,
      metrics,
      now: () => 0,
    });
    const logs = await fetcher.fetchLogs({ fromBlock: 1n, toBlock: 40n });
    assert.deepEqual(
      logs.map((l) => l.args.value),
      Array.from({ length: 1200 }, (_, k) => BigInt(k + 1)),
    );
    // 600 logs in the first answer: down to 20 × 25 / 600 → one block, where 30 logs neither grow nor shrink it.
    const sizes = chain.requests.map(rangeOf).map((r) => Number(r.to - r.from + 1n));
    assert.deepEqual(sizes, [20, ...Array(20).fill(1)]);
    assert.equal(fetcher.range(), 1n);
    assert.equal(metrics.snapshot().gauges.getLogsRangeBlocks, 1);
  });

  test("getLogsInRange hands each answer to onLogs as it arrives, in order, instead of returning them", async () => {
    const chain = createFakeChain();
    let i = 0;
    for (let n = 0; n < 10; n++)
      chain.mine(
        Array.from({ length: n % 3 }, () => ({
          token,
          from: wallets[0] as Address,
          to: wallets[1] as Address,
          value: BigInt(++i),
        })),
      );
    const filter = { address: [token], topics: [[TRANSFER_TOPIC]] as [Hex[]] };
    const all = await createAdaptiveGetLogs({ publicClient: chain.client, initialRange: 3 }).getLogsInRange(
      1n,
      10n,
      filter,
    );
    const before = chain.requests.length;
    const chunks: RpcLog[][] = [];
    const returned = await createAdaptiveGetLogs({
      publicClient: chain.client,
      initialRange: 3,
    }).getLogsInRange(1n, 10n, filter, undefined, (logs) => chunks.push([...logs]));
    assert.deepEqual(returned, []);
    assert.equal(chunks.length, chain.requests.length - before, "one call per answered request");
    assert.deepEqual(chunks.flat(), all);
    assert.equal(all.length, i);
  });

  test("remembers a provider's maximum range", async () => {
    const chain = createFakeChain();
    for (let n = 0; n < 1000; n++) chain.mine();
    chain.intercept = (r) => {
      if (r.method !== "eth_getLogs") return undefined;
      const { from, to } = rangeOf(r);
      return to - from + 1n > 100n
        ? { code: -32602, message: "eth_getLogs is limited to a 100 range" }
        : undefined;
    };
    const fetcher = createLogFetcher({
      publicClient: chain.client,
      sources: sources(),
      initialRange: 500,
      now: () => 0,
    });
    await fetcher.fetchLogs({ fromBlock: 1n, toBlock: 1000n });
    const sizes = chain.requests.map(rangeOf).map((r) => r.to - r.from + 1n);
    assert.deepEqual(sizes, [500n, ...Array(10).fill(100n)]);
  });

  test("a node's logs out of order or repeated come back in order, each once", async () => {
    const chain = createFakeChain();
    for (let b = 0; b < 3; b++)
      chain.mine(
        [0, 1, 2].map((i) => ({
          token,
          from: wallets[i] as Address,
          to: wallets[i + 3] as Address,
          value: BigInt(10 * b + i + 1),
        })),
      );
    const key = (l: { blockNumber: bigint; logIndex: number; args: unknown }) => [
      l.blockNumber,
      l.logIndex,
      l.args,
    ];
    const expected = (
      await createLogFetcher({ publicClient: chain.client, sources: sources() }).fetchLogs({
        fromBlock: 1n,
        toBlock: 3n,
      })
    ).map(key);
    assert.equal(expected.length, 9);
    // Reversed, with the first log (the last after reversing) sent twice.
    chain.transform = (request, result) =>
      request.method === "eth_getLogs"
        ? [...(result as unknown[])].reverse().concat((result as unknown[])[0])
        : result;
    const logs = await createLogFetcher({ publicClient: chain.client, sources: sources() }).fetchLogs({
      fromBlock: 1n,
      toBlock: 3n,
    });
    assert.deepEqual(logs.map(key), expected);
  });

  test("unknown topics are counted and skipped; a log its ABI cannot decode is fatal", async () => {
    const chain = createFakeChain();
    const unknownTopic = keccak256(toHex("Unknown(uint256)"));
    chain.mine(
      [{ token, from: wallets[0] as Address, to: wallets[1] as Address, value: 5n }],
      [{ address: token, topics: [unknownTopic], data: "0x" }],
    );
    const metrics = createIndexerMetrics();
    const seen: Hex[] = [];
    const fetcher = createLogFetcher({
      publicClient: chain.client,
      sources: sources(),
      metrics,
      onUnknownLog: (log) => seen.push(log.topics[0] as Hex),
    });
    // The fake honours the topics filter, so ask it to ignore it: some nodes return everything.
    const inner = chain.client.request;
    chain.client.request = ((args: { method: string; params: [Record<string, unknown>] }, o: unknown) =>
      inner(
        (args.method === "eth_getLogs"
          ? { ...args, params: [{ ...args.params[0], topics: undefined }] }
          : args) as never,
        o as never,
      )) as never;
    const logs = await fetcher.fetchLogs({ fromBlock: 1n, toBlock: 1n });
    assert.deepEqual(
      logs.map((l) => [l.eventName, l.args]),
      [["Transfer", { from: wallets[0], to: wallets[1], value: 5n }]],
    );
    assert.deepEqual(seen, [unknownTopic]);
    assert.equal(metrics.snapshot().counters.unknownLogsTotal?.[""], 1);

    // Transfer's topic with the `to` topic missing: the ABI does not fit.
    chain.mine([], [{ address: token, topics: [TRANSFER_TOPIC, pad(wallets[0] as Address)], data: "0x" }]);
    await assert.rejects(fetcher.fetchLogs({ fromBlock: 2n, toBlock: 2n }), LogDecodeError);
  });

  test("one block over the result limit cannot be split: fatal", async () => {
    const chain = createFakeChain();
    chain.mine(
      Array.from({ length: 5 }, (_, v) => ({
        token,
        from: wallets[0] as Address,
        to: wallets[1] as Address,
        value: BigInt(v),
      })),
    );
    chain.intercept = (r) =>
      r.method === "eth_getLogs"
        ? { code: -32005, message: "query returned more than 3 results" }
        : undefined;
    const fetcher = createLogFetcher({ publicClient: chain.client, sources: sources() });
    const error = await fetcher.fetchLogs({ fromBlock: 1n, toBlock: 1n }).catch((e: unknown) => e);
    assert.ok(error instanceof LogRangeUnsplittableError);
    assert.equal(error.retryable, false);
  });

  test("an unrecognized error shrinks to minRange, then fails as not retryable", async () => {
    const chain = createFakeChain();
    for (let n = 0; n < 64; n++) chain.mine();
    chain.intercept = (r) =>
      r.method === "eth_getLogs" ? { code: -32602, message: "invalid argument 0: bad filter" } : undefined;
    const fetcher = createLogFetcher({
      publicClient: chain.client,
      sources: sources(),
      initialRange: 64,
      minRange: 8,
    });
    const error = await fetcher.fetchLogs({ fromBlock: 1n, toBlock: 64n }).catch((e: unknown) => e);
    assert.ok(error instanceof IndexerRpcError);
    assert.equal(error.kind, "unknown");
    assert.equal(error.retryable, false);
    assert.deepEqual(
      chain.requests.map(rangeOf).map((r) => r.to - r.from + 1n),
      [64n, 32n, 16n, 8n],
    );
  });

  test("classes announced by the factory are indexed from their creation block", async () => {
    const chain = createFakeChain();
    const factory = testAddress(50);
    const child = testAddress(51);
    const created = (address: Address) => ({
      address: factory,
      topics: encodeEventTopics({
        abi: tokenFactoryAbi,
        eventName: "TokenClassCreated",
        args: { token: address, implementation: testAddress(52), salt: keccak256(toHex(address)) },
      }) as Hex[],
      data: encodeAbiParameters([{ type: "string" }], ["ACME-B"]),
    });
    const move = (t: Address, value: bigint) => ({
      token: t,
      from: wallets[0] as Address,
      to: wallets[1] as Address,
      value,
    });
    chain.mine([move(token, 1n)]);
    chain.mine([move(child, 99n)]); // before its creation: not ours (cannot happen on a real chain)
    chain.mine([], [created(child)]);
    chain.mine([move(child, 2n), move(token, 3n)]);
    const src = sources({
      contracts: [
        { name: "token", address: token, abi: securityTokenAbi as Abi, startBlock: 1n },
        { name: "factory", address: factory, abi: tokenFactoryAbi as Abi, startBlock: 1n },
      ],
      factories: [
        {
          name: "factory",
          address: factory,
          abi: tokenFactoryAbi as Abi,
          eventName: "TokenClassCreated",
          addressArgument: "token",
          child: { name: "token", abi: securityTokenAbi as Abi },
          startBlock: 1n,
        },
      ],
    });
    const fetcher = createLogFetcher({ publicClient: chain.client, sources: src });
    const logs = await fetcher.fetchLogs({ fromBlock: 1n, toBlock: 4n });
    assert.deepEqual(
      logs.map((l) => [l.blockNumber, l.source, l.eventName, l.address]),
      [
        [1n, "token", "Transfer", token],
        [3n, "factory", "TokenClassCreated", factory],
        [4n, "token", "Transfer", child],
        [4n, "token", "Transfer", token],
      ],
    );
    assert.equal(chain.requests.filter((r) => r.method === "eth_getLogs").length, 2);
    fetcher.sources.rollback(2n);
    assert.deepEqual(fetcher.sources.children(), []);

    // A restart re-registers the classes without fetching their logs.
    const restarted = createLogFetcher({ publicClient: chain.client, sources: src });
    assert.equal(await restarted.scanFactories({ fromBlock: 1n, toBlock: 4n }), 1);
    assert.deepEqual(
      restarted.sources.children().map((c) => [c.address, c.startBlock]),
      [[child, 3n]],
    );
  });
});

/** True when the k-th request failed (the interceptor returned an error for it). */
function failedAt(chain: FakeChain, k: number): boolean {
  return chain.failed.has(k);
}

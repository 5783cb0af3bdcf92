/**
 * A head-gating JSON-RPC proxy for `npm run bench:indexer`: both indexers talk to anvil through it, the
 * generator talks to anvil directly.
 *
 * Why: anvil on a small machine mines ~20k Transfer events/s at most, so a harness that mines the realtime
 * throughput part live cannot offer more than that. Through the gate the part is pre-mined as fast as anvil
 * goes while the indexers still see the chain as it was before it (the gate holds a virtual head V), then the
 * blocks are revealed one by one on a fixed schedule (`setHead` / `reveal`), at any rate.
 *
 * - pass-through (the default, and after `ungate()`): request bodies are forwarded unchanged and responses are
 *   streamed back unchanged (keep-alive agent, no response parsing); the request (small) is parsed only to count
 *   calls by method.
 * - gated at V (`gate(V)`): every call is rewritten so that V looks like the latest block, while the blocks
 *   above V already exist in anvil. The answers emulate anvil 1.x's own (checked against anvil 1.7.1):
 *   - `eth_blockNumber` → V (answered here);
 *   - a block parameter `latest` / `pending` (or missing, where the method defaults to latest: `eth_call`,
 *     `eth_estimateGas`, `eth_createAccessList`, `eth_getLogs`'s fromBlock/toBlock) → V; `safe` → V − 32 and
 *     `finalized` → V − 64 (saturating at 0: anvil answers latest − 32 / latest − 64);
 *   - an explicit block number above V: `eth_getBlockByNumber`, `eth_getBlockReceipts`,
 *     `eth_getTransactionByBlockNumberAndIndex` → null; state reads (`eth_getBalance`, `eth_call`, `eth_getCode`,
 *     `eth_getStorageAt`, `eth_getTransactionCount`, `eth_getProof`, `eth_estimateGas`, `eth_createAccessList`,
 *     `eth_getBlockTransactionCountByNumber`, `eth_getUncleByBlockNumberAndIndex`) → anvil's
 *     `-32602 BlockOutOfRangeError: block height is V but requested was n`; `eth_getUncleCountByBlockNumber`
 *     → `-32001 Resource not found`; `eth_feeHistory` → newest block clamped to V;
 *   - `eth_getLogs`: toBlock above V clamped to V (anvil clamps to its head too); fromBlock above V →
 *     `-32602 BlockOutOfRangeError: block height is V but requested was fromBlock` (anvil's answer, also when
 *     toBlock < fromBlock); `blockHash` of a block above V → `-32000 unknown block`;
 *   - by hash: the hash's block number is looked up in anvil first (`eth_getBlockByHash(h, false)` /
 *     `eth_getTransactionByHash(h)`, small answers, cached), and a block above V looks unknown:
 *     `eth_getBlockByHash`, `eth_getBlockTransactionCountByHash`, `eth_getTransactionByBlockHashAndIndex`,
 *     `eth_getBlockReceipts(hash)`, `eth_getTransactionByHash`, `eth_getTransactionReceipt`,
 *     `eth_getRawTransactionByHash` → null; `eth_getUncleCountByBlockHash`,
 *     `eth_getUncleByBlockHashAndIndex` and a state read at `{blockHash}` → `-32001 Resource not found`;
 *   - everything else (including filters and subscriptions, which this harness's indexers do not use) passes
 *     through unchanged.
 *   Single requests and batches alike; a response is only parsed when a batch mixes calls answered here with
 *   forwarded ones (it is then rebuilt in request order).
 */
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";

export type HeadGateOptions = {
  /** The upstream JSON-RPC URL (anvil). */
  target: string;
  /** `safe` is this many blocks below the head (anvil 1.x: 32). */
  safeDepth?: number;
  /** `finalized` is this many blocks below the head (anvil 1.x: 64). */
  finalizedDepth?: number;
};

export type HeadGateStats = {
  /** HTTP requests received. */
  httpRequests: number;
  /** JSON-RPC calls received, by method (a batch counts each of its calls). */
  calls: Record<string, number>;
  /** Calls received while gated. */
  gatedCalls: number;
  /** Calls answered by the gate itself (eth_blockNumber, a block above V…). */
  answered: number;
  /** Calls forwarded with a rewritten block parameter. */
  rewritten: number;
  /** Lookups the gate sent to anvil itself (the block number of a hash). */
  lookups: number;
};

export type HeadGate = {
  /** The proxy's URL (http://127.0.0.1:<port>). */
  url: string;
  /** Holds the virtual head at `head`: from now on the indexers see `head` as the latest block. */
  gate(head: bigint): void;
  /** Moves the virtual head forward by `count` blocks (default 1); returns the new head. */
  reveal(count?: number): bigint;
  /** Moves the virtual head forward to `head` (never backward). */
  setHead(head: bigint): void;
  /** Back to pass-through. */
  ungate(): void;
  /** The virtual head, or undefined in pass-through. */
  head(): bigint | undefined;
  stats(): HeadGateStats;
  close(): Promise<void>;
};

type Call = { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: unknown };
type RpcError = { code: number; message: string };
type Reply = { jsonrpc: "2.0"; id: unknown; result?: unknown; error?: RpcError };
/** What to do with one call while gated. */
type Plan = { answer: Reply } | { forward: Call; rewritten: boolean };

/** How a method takes its block: which parameter, whether it may be missing, what "above V" answers. */
type BlockParam = {
  index: number;
  /** A missing parameter means latest (the method's default in anvil). */
  optional?: boolean;
  /** Answer for an explicit number above V. */
  beyond: "null" | "outOfRange" | "notFound" | "clamp";
  /** Answer for the hash of a block above V. */
  hidden: "null" | "notFound";
};

const STATE: Omit<BlockParam, "index"> = { beyond: "outOfRange", hidden: "notFound" };
const BLOCK_PARAM: Record<string, BlockParam> = {
  eth_getBlockByNumber: { index: 0, beyond: "null", hidden: "null" },
  eth_getBlockReceipts: { index: 0, beyond: "null", hidden: "null" },
  eth_getTransactionByBlockNumberAndIndex: { index: 0, beyond: "null", hidden: "null" },
  eth_getBlockTransactionCountByNumber: { index: 0, beyond: "outOfRange", hidden: "null" },
  eth_getUncleCountByBlockNumber: { index: 0, beyond: "notFound", hidden: "notFound" },
  eth_getUncleByBlockNumberAndIndex: { index: 0, beyond: "outOfRange", hidden: "notFound" },
  eth_getBalance: { index: 1, ...STATE },
  eth_getCode: { index: 1, ...STATE },
  eth_getTransactionCount: { index: 1, ...STATE },
  eth_getStorageAt: { index: 2, ...STATE },
  eth_getProof: { index: 2, ...STATE },
  eth_call: { index: 1, optional: true, ...STATE },
  eth_estimateGas: { index: 1, optional: true, ...STATE },
  eth_createAccessList: { index: 1, optional: true, ...STATE },
  eth_feeHistory: { index: 1, beyond: "clamp", hidden: "notFound" },
};
/** Methods whose first parameter is a block hash, and what anvil answers for an unknown one. */
const BLOCK_HASH_METHODS: Record<string, "null" | "notFound"> = {
  eth_getBlockByHash: "null",
  eth_getBlockTransactionCountByHash: "null",
  eth_getTransactionByBlockHashAndIndex: "null",
  eth_getUncleCountByBlockHash: "notFound",
  eth_getUncleByBlockHashAndIndex: "notFound",
};
/** Methods whose first parameter is a transaction hash (anvil answers null for an unknown one). */
const TX_HASH_METHODS = new Set([
  "eth_getTransactionByHash",
  "eth_getTransactionReceipt",
  "eth_getRawTransactionByHash",
]);

const hex = (n: bigint): string => `0x${n.toString(16)}`;
const isHash = (v: unknown): v is string => typeof v === "string" && /^0x[0-9a-fA-F]{64}$/.test(v);
const errors = {
  outOfRange: (head: bigint, n: bigint): RpcError => ({
    code: -32602,
    message: `BlockOutOfRangeError: block height is ${head} but requested was ${n}`,
  }),
  notFound: (): RpcError => ({ code: -32001, message: "Resource not found" }),
  unknownBlock: (): RpcError => ({ code: -32000, message: "unknown block" }),
};

/** A block parameter seen against V. */
type Resolved =
  | { kind: "ok"; value: unknown; changed: boolean }
  | { kind: "beyond"; n: bigint }
  | { kind: "hidden" };

export async function startHeadGate(options: HeadGateOptions): Promise<HeadGate> {
  const target = new URL(options.target);
  const path = `${target.pathname}${target.search}`;
  const safeDepth = BigInt(options.safeDepth ?? 32);
  const finalizedDepth = BigInt(options.finalizedDepth ?? 64);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  let virtualHead: bigint | undefined;
  const counts = { httpRequests: 0, gatedCalls: 0, answered: 0, rewritten: 0, lookups: 0 };
  const calls = new Map<string, number>();
  /** Block hash → number (immutable: a hash commits to its number). */
  const blockOfHash = new Map<string, bigint>();
  /** Transaction hash → the number of the block holding it (cleared by `gate`: an evm_revert can move it). */
  const blockOfTx = new Map<string, bigint>();

  // ---------------------------------------------------------------- upstream

  const upstreamHeaders = (length: number) => ({
    "content-type": "application/json",
    "content-length": String(length),
  });

  /** Sends `body` to anvil and streams the answer back to `res` unchanged (status, content type, body). */
  const forward = (body: Buffer, req: IncomingMessage, res: ServerResponse) => {
    const up = httpRequest(
      {
        hostname: target.hostname,
        port: target.port,
        path,
        method: req.method ?? "POST",
        agent,
        headers: upstreamHeaders(body.length),
      },
      (upRes) => {
        const headers: Record<string, string> = {};
        for (const k of ["content-type", "content-length"]) {
          const v = upRes.headers[k];
          if (typeof v === "string") headers[k] = v;
        }
        res.writeHead(upRes.statusCode ?? 502, headers);
        upRes.pipe(res);
      },
    );
    up.on("error", (error) => fail(res, error));
    res.on("close", () => {
      if (!res.writableFinished) up.destroy();
    });
    up.end(body);
  };

  /** Sends `body` to anvil and returns the status and the whole answer. */
  const fetchUpstream = (body: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const buf = Buffer.from(body);
      const up = httpRequest(
        {
          hostname: target.hostname,
          port: target.port,
          path,
          method: "POST",
          agent,
          headers: upstreamHeaders(buf.length),
        },
        (upRes) => {
          const chunks: Buffer[] = [];
          upRes.on("data", (c: Buffer) => chunks.push(c));
          upRes.on("end", () =>
            resolve({ status: upRes.statusCode ?? 502, text: Buffer.concat(chunks).toString("utf8") }),
          );
          upRes.on("error", reject);
        },
      );
      up.on("error", reject);
      up.end(buf);
    });

  /** One call of the gate's own (a lookup); throws on a JSON-RPC error. */
  const lookup = async <T>(method: string, params: unknown[]): Promise<T> => {
    counts.lookups++;
    const { text } = await fetchUpstream(JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }));
    const parsed = JSON.parse(text) as { result?: T; error?: RpcError };
    if (parsed.error) throw new Error(`${method}: ${parsed.error.message}`);
    return parsed.result as T;
  };

  /** The number of the block with this hash; undefined when anvil does not know it. */
  const numberOfBlockHash = async (hash: string): Promise<bigint | undefined> => {
    const key = hash.toLowerCase();
    const cached = blockOfHash.get(key);
    if (cached !== undefined) return cached;
    const block = await lookup<{ number?: string } | null>("eth_getBlockByHash", [hash, false]);
    if (!block?.number) return undefined;
    const n = BigInt(block.number);
    blockOfHash.set(key, n);
    return n;
  };

  /** The number of the block holding this transaction; undefined when unknown or still pending. */
  const numberOfTxHash = async (hash: string): Promise<bigint | undefined> => {
    const key = hash.toLowerCase();
    const cached = blockOfTx.get(key);
    if (cached !== undefined) return cached;
    const tx = await lookup<{ blockNumber?: string | null } | null>("eth_getTransactionByHash", [hash]);
    if (!tx?.blockNumber) return undefined;
    const n = BigInt(tx.blockNumber);
    blockOfTx.set(key, n);
    return n;
  };

  // ---------------------------------------------------------------- rewriting

  /** A block parameter (tag, number, hash, or EIP-1898 object) against the virtual head `v`. */
  const resolveBlock = async (value: unknown, v: bigint): Promise<Resolved> => {
    if (value === undefined || value === "latest" || value === "pending")
      return { kind: "ok", value: hex(v), changed: true };
    if (value === "safe")
      return { kind: "ok", value: hex(v > safeDepth ? v - safeDepth : 0n), changed: true };
    if (value === "finalized")
      return { kind: "ok", value: hex(v > finalizedDepth ? v - finalizedDepth : 0n), changed: true };
    if (isHash(value)) {
      const n = await numberOfBlockHash(value);
      return n !== undefined && n > v ? { kind: "hidden" } : { kind: "ok", value, changed: false };
    }
    if (typeof value === "string" && /^0x[0-9a-fA-F]+$/.test(value)) {
      const n = BigInt(value);
      return n > v ? { kind: "beyond", n } : { kind: "ok", value, changed: false };
    }
    if (typeof value === "object" && value !== null) {
      const o = value as { blockNumber?: unknown; blockHash?: unknown };
      if ("blockHash" in o) {
        const r = await resolveBlock(o.blockHash, v);
        return r.kind === "hidden" ? r : { kind: "ok", value, changed: false };
      }
      if ("blockNumber" in o) {
        const r = await resolveBlock(o.blockNumber, v);
        return r.kind === "ok" ? { ...r, value: { ...o, blockNumber: r.value } } : r;
      }
    }
    // earliest, or something anvil will reject itself
    return { kind: "ok", value, changed: false };
  };

  const reply = (call: Call, outcome: { result: unknown } | { error: RpcError }): Plan => ({
    answer: { jsonrpc: "2.0", id: call.id ?? null, ...outcome },
  });
  const unchanged = (call: Call): Plan => ({ forward: call, rewritten: false });

  /** What the gate does with one call while the virtual head is `v`. */
  const planCall = async (call: Call, v: bigint): Promise<Plan> => {
    const method = typeof call.method === "string" ? call.method : "";
    const params = Array.isArray(call.params) ? call.params : [];
    if (method === "eth_blockNumber") return reply(call, { result: hex(v) });

    if (method === "eth_getLogs") {
      const filter = params[0];
      if (typeof filter !== "object" || filter === null) return unchanged(call);
      const f = filter as { fromBlock?: unknown; toBlock?: unknown; blockHash?: unknown };
      if (f.blockHash !== undefined) {
        if (!isHash(f.blockHash)) return unchanged(call);
        const n = await numberOfBlockHash(f.blockHash);
        return n !== undefined && n > v ? reply(call, { error: errors.unknownBlock() }) : unchanged(call);
      }
      const from = await resolveBlock(f.fromBlock, v);
      if (from.kind === "beyond") return reply(call, { error: errors.outOfRange(v, from.n) });
      const to = await resolveBlock(f.toBlock, v);
      if (from.kind !== "ok") return unchanged(call);
      const toValue = to.kind === "beyond" ? hex(v) : to.kind === "ok" ? to.value : f.toBlock;
      const changed = from.changed || to.kind === "beyond" || (to.kind === "ok" && to.changed);
      if (!changed) return unchanged(call);
      const rewritten = { ...f, fromBlock: from.value, toBlock: toValue };
      return { forward: { ...call, params: [rewritten, ...params.slice(1)] }, rewritten: true };
    }

    const bp = BLOCK_PARAM[method];
    if (bp) {
      if (params.length <= bp.index && !bp.optional) return unchanged(call); // anvil rejects it itself
      const r = await resolveBlock(params[bp.index], v);
      if (r.kind === "ok") {
        if (!r.changed) return unchanged(call);
        const next = [...params];
        next[bp.index] = r.value;
        return { forward: { ...call, params: next }, rewritten: true };
      }
      if (r.kind === "hidden")
        return reply(call, bp.hidden === "null" ? { result: null } : { error: errors.notFound() });
      switch (bp.beyond) {
        case "null":
          return reply(call, { result: null });
        case "notFound":
          return reply(call, { error: errors.notFound() });
        case "outOfRange":
          return reply(call, { error: errors.outOfRange(v, r.n) });
        case "clamp": {
          const next = [...params];
          next[bp.index] = hex(v);
          return { forward: { ...call, params: next }, rewritten: true };
        }
      }
    }

    const hashAnswer = BLOCK_HASH_METHODS[method];
    if (hashAnswer && isHash(params[0])) {
      const n = await numberOfBlockHash(params[0]);
      if (n === undefined || n <= v) return unchanged(call);
      return reply(call, hashAnswer === "null" ? { result: null } : { error: errors.notFound() });
    }
    if (TX_HASH_METHODS.has(method) && isHash(params[0])) {
      const n = await numberOfTxHash(params[0]);
      return n !== undefined && n > v ? reply(call, { result: null }) : unchanged(call);
    }
    return unchanged(call);
  };

  /** planCall, failing open: a lookup that fails forwards the call unchanged (anvil answers it). */
  const plan = async (call: Call, v: bigint): Promise<Plan> => {
    try {
      return await planCall(call, v);
    } catch {
      return unchanged(call);
    }
  };

  // ---------------------------------------------------------------- the server

  const fail = (res: ServerResponse, error: unknown) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(502, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        jsonrpc: "2.0",
        id: null,
        error: { code: -32603, message: `head gate: upstream ${(error as Error).message}` },
      }),
    );
  };

  const sendJson = (res: ServerResponse, value: unknown) => {
    const body = JSON.stringify(value);
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    counts.httpRequests++;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      forward(body, req, res); // anvil answers malformed requests itself
      return;
    }
    const batch = Array.isArray(parsed);
    const list = (batch ? parsed : [parsed]) as Call[];
    for (const c of list) {
      const m = typeof c?.method === "string" ? c.method : "(invalid)";
      calls.set(m, (calls.get(m) ?? 0) + 1);
    }
    const v = virtualHead;
    if (v === undefined || list.length === 0 || list.some((c) => typeof c !== "object" || c === null)) {
      forward(body, req, res);
      return;
    }
    counts.gatedCalls += list.length;
    const plans = await Promise.all(list.map((c) => plan(c, v)));
    let anyRewritten = false;
    for (const p of plans) {
      if ("answer" in p) counts.answered++;
      else if (p.rewritten) {
        counts.rewritten++;
        anyRewritten = true;
      }
    }
    const forwarded = plans.flatMap((p) => ("forward" in p ? [p.forward] : []));
    if (forwarded.length === plans.length) {
      // Nothing answered here: one upstream request, the answer streamed back unparsed.
      forward(anyRewritten ? Buffer.from(JSON.stringify(batch ? forwarded : forwarded[0])) : body, req, res);
      return;
    }
    if (!batch) {
      sendJson(res, (plans[0] as { answer: Reply }).answer);
      return;
    }
    // A batch mixing calls answered here with forwarded ones: anvil's answers (in request order) are merged
    // back into the request order.
    let upstream: unknown[] = [];
    if (forwarded.length > 0) {
      const { status, text } = await fetchUpstream(JSON.stringify(forwarded));
      let list2: unknown;
      try {
        list2 = JSON.parse(text);
      } catch {
        list2 = undefined;
      }
      if (status !== 200 || !Array.isArray(list2)) {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(text);
        return;
      }
      upstream = list2;
    }
    if (upstream.length !== forwarded.length) {
      // Not one answer per call (anvil never does this): the answers in any order, as JSON-RPC allows.
      sendJson(res, [...plans.flatMap((p) => ("answer" in p ? [p.answer] : [])), ...upstream]);
      return;
    }
    let next = 0;
    sendJson(
      res,
      plans.map((p) => ("answer" in p ? p.answer : upstream[next++])),
    );
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => fail(res, error));
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    gate(head) {
      blockOfTx.clear();
      virtualHead = head;
    },
    reveal(count = 1) {
      if (virtualHead === undefined) throw new Error("head gate: reveal() while not gated");
      virtualHead += BigInt(count);
      return virtualHead;
    },
    setHead(head) {
      if (virtualHead === undefined) throw new Error("head gate: setHead() while not gated");
      if (head < virtualHead)
        throw new Error(`head gate: setHead(${head}) below the virtual head ${virtualHead}`);
      virtualHead = head;
    },
    ungate() {
      virtualHead = undefined;
    },
    head: () => virtualHead,
    stats: () => ({ ...counts, calls: Object.fromEntries(calls) }),
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      agent.destroy();
      await closed;
    },
  };
}

/** Calls between two snapshots of `HeadGate.stats()` (b − a). */
export function statsBetween(a: HeadGateStats, b: HeadGateStats): HeadGateStats {
  const calls: Record<string, number> = {};
  for (const [m, n] of Object.entries(b.calls)) {
    const d = n - (a.calls[m] ?? 0);
    if (d > 0) calls[m] = d;
  }
  return {
    httpRequests: b.httpRequests - a.httpRequests,
    calls,
    gatedCalls: b.gatedCalls - a.gatedCalls,
    answered: b.answered - a.answered,
    rewritten: b.rewritten - a.rewritten,
    lookups: b.lookups - a.lookups,
  };
}

/** "eth_getLogs 120, eth_getBlockByNumber 80, …" (most used first). */
export function formatCalls(calls: Record<string, number>): string {
  const entries = Object.entries(calls).sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]));
  return entries.length === 0
    ? "none"
    : entries.map(([m, n]) => `${m} ${n.toLocaleString("en-US")}`).join(", ");
}

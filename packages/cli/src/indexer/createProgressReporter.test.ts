import assert from "node:assert/strict";
import { test } from "node:test";
import { IndexerRpcError } from "@coinscious/indexer";
import { createProgressReporter, formatDuration } from "./createProgressReporter.ts";

function reporter(mode: "bar" | "log" | "json" | "none") {
  let clock = 1_000_000;
  const written: string[] = [];
  const lines: string[] = [];
  const r = createProgressReporter({
    mode,
    write: (t) => written.push(t),
    writeLine: (l) => lines.push(l),
    width: 10,
    now: () => clock,
  });
  return { r, written, lines, advance: (ms: number) => (clock += ms) };
}

const batch = (fromBlock: bigint, toBlock: bigint, logs: number, headBlock = 1_000n) =>
  ({
    type: "batch",
    phase: "backfill",
    fromBlock,
    toBlock,
    logs,
    headBlock,
    finalizedBlock: 0n,
    writeMs: 5,
  }) as const;

test("the bar shows the fraction, blocks/s, events/s and the ETA measured from the start", () => {
  const { r, written, advance } = reporter("bar");
  r.onRole("writer");
  advance(2_000);
  r.onProgress(batch(1n, 250n, 5_000));
  const first = written.at(-1) ?? "";
  assert.ok(first.startsWith("\r\u001b[2Kbackfill ███░░░░░░░  25%"), first);
  assert.match(first, /250\/1,000 blocks {2}125 blocks\/s {2}2,500 events\/s {2}ETA 6s$/);
  advance(2_000);
  r.onProgress(batch(251n, 1_000n, 15_000));
  assert.match(written.at(-1) ?? "", /██████████ 100%.*ETA 0s$/);
  r.onProgress({ type: "caught-up", blockNumber: 1_000n, blockHash: "0x01" });
  const end = written.slice(-2).join("");
  assert.match(end, /^\ncaught up at block 1,000: 1,000 blocks, 20,000 events in 4s \(5,000 events\/s\)/);
});

test("log mode prints at most one backfill line per second; realtime is summarized per minute", () => {
  const { r, written, advance } = reporter("log");
  advance(1_500);
  r.onProgress(batch(1n, 10n, 1));
  advance(100);
  r.onProgress(batch(11n, 20n, 1));
  assert.equal(written.filter((l) => l.startsWith("backfill")).length, 1);
  r.onProgress({ type: "caught-up", blockNumber: 20n, blockHash: "0x01" });
  for (let i = 0; i < 5; i++) {
    advance(15_000);
    r.onProgress({ ...batch(21n + BigInt(i), 21n + BigInt(i), 3), phase: "realtime" });
  }
  assert.ok(
    written.some((l) => /^realtime: block 24, 12 events in 4 batches over 1m 00s/.test(l)),
    written.join(""),
  );
  r.onProgress({
    type: "reorg",
    depth: 2,
    commonAncestor: { number: 22n, hash: "0x02", parentHash: "0x01", timestamp: 0n },
  });
  assert.match(written.at(-1) ?? "", /^reorg: 2 block\(s\) replaced, rolled back to 22/);
});

test("json mode writes one parseable object per event, bigints as strings, errors by code", () => {
  const { r, lines } = reporter("json");
  r.onRole("standby");
  r.onProgress(batch(1n, 2n, 3));
  const error = new IndexerRpcError({
    method: "eth_getLogs",
    kind: "timeout",
    retryable: true,
    cause: new Error("t"),
  });
  r.onProgress({ type: "retry", attempt: 1, delayMs: 500, error });
  const parsed = lines.map((l) => JSON.parse(l));
  assert.deepEqual(parsed[0], { type: "role", role: "standby", at: 1_000_000 });
  assert.equal(parsed[1].toBlock, "2");
  assert.equal(parsed[2].error.code, "INDEXER_RPC_ERROR");
  assert.ok(!("stack" in parsed[2].error));
});

test("none prints nothing; durations read well", () => {
  const { r, written, lines } = reporter("none");
  r.onProgress(batch(1n, 2n, 3));
  r.onRole("writer");
  r.close();
  assert.deepEqual([written, lines], [[], []]);
  assert.equal(formatDuration(5), "5s");
  assert.equal(formatDuration(187), "3m 07s");
  assert.equal(formatDuration(3_720), "1h 02m");
  assert.equal(formatDuration(Number.NaN), "?");
});

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  type CreateStallWatchdogParameters,
  createStallWatchdog,
  type RecoverInfo,
  type StallInfo,
} from "./createStallWatchdog.ts";

const STALL_MS = 60_000;

/** A watchdog on a fake clock: `advance(ms)` moves the clock and runs a check, as the timer would. */
function setUp(overrides: Partial<CreateStallWatchdogParameters> = {}) {
  let clock = 1_700_000_000_000;
  const stalls: StallInfo[] = [];
  const recoveries: RecoverInfo[] = [];
  const gauges = { stalled: Number.NaN, lastProgress: Number.NaN };
  const wd = createStallWatchdog({
    stallAfterMs: STALL_MS,
    // Long enough that the real timer never runs during a test: checks are driven by `advance`.
    checkIntervalMs: 3_600_000,
    now: () => clock,
    onStall: (s) => stalls.push(s),
    onRecover: (r) => recoveries.push(r),
    metrics: {
      stalled: {
        set: (v) => {
          gauges.stalled = v;
        },
      },
      lastProgressTimestampSeconds: {
        set: (v) => {
          gauges.lastProgress = v;
        },
      },
    },
    ...overrides,
  });
  return {
    wd,
    stalls,
    recoveries,
    stalled: () => gauges.stalled,
    lastProgress: () => gauges.lastProgress,
    advance(ms: number) {
      clock += ms;
      wd.check();
    },
    now: () => clock,
  };
}

describe("createStallWatchdog", () => {
  test("a quiet chain (no new head) is not a stall, however long", (t) => {
    const s = setUp();
    t.after(() => s.wd.stop());
    s.wd.observeHead(100n);
    s.wd.observeProgress(100n);
    for (let i = 0; i < 100; i++) s.advance(STALL_MS);
    s.wd.observeHead(100n);
    s.advance(STALL_MS);
    assert.deepEqual(s.stalls, []);
    assert.equal(s.stalled(), 0);
  });

  test("being caught up is not a stall, and a head after a long quiet spell starts a fresh clock", (t) => {
    const s = setUp();
    t.after(() => s.wd.stop());
    for (let b = 1n; b <= 20n; b++) {
      s.wd.observeHead(b);
      s.advance(STALL_MS - 1);
      s.wd.observeProgress(b);
    }
    s.advance(10 * STALL_MS); // quiet chain, caught up
    s.wd.observeHead(21n); // the head moves after hours of nothing: not a stall yet
    assert.deepEqual(s.stalls, []);
    s.advance(STALL_MS - 1);
    s.wd.observeProgress(21n);
    s.advance(STALL_MS);
    assert.deepEqual(s.stalls, []);
  });

  test("a head ahead of a frozen indexed block for stallAfterMs is a stall", (t) => {
    const s = setUp();
    t.after(() => s.wd.stop());
    s.wd.observeHead(100n);
    s.wd.observeProgress(100n);
    s.advance(5_000);
    s.wd.observeHead(101n); // behind from here
    s.advance(STALL_MS - 1);
    assert.deepEqual(s.stalls, []);
    s.wd.observeHead(105n);
    s.advance(1);
    assert.deepEqual(s.stalls, [{ sinceMs: STALL_MS, headBlock: 105n, indexedBlock: 100n }]);
    assert.equal(s.stalled(), 1);
  });

  test("progress while behind restarts the clock: a slow backfill is not a stall", (t) => {
    const s = setUp();
    t.after(() => s.wd.stop());
    s.wd.observeHead(1_000_000n);
    for (let b = 10_000n; b <= 200_000n; b += 10_000n) {
      s.advance(STALL_MS - 1);
      s.wd.observeProgress(b);
    }
    assert.equal(s.stalls.length, 0);
    s.advance(STALL_MS);
    assert.equal(s.stalls.length, 1);
    assert.equal(s.stalls[0]?.indexedBlock, 200_000n);
  });

  test("no batch at all after the first head counts as behind (indexedBlock undefined)", (t) => {
    const s = setUp();
    t.after(() => s.wd.stop());
    s.wd.observeHead(50n);
    s.advance(STALL_MS);
    assert.deepEqual(s.stalls, [{ sinceMs: STALL_MS, headBlock: 50n, indexedBlock: undefined }]);
  });

  test("one onStall per episode; progress recovers, sets the gauge back and re-arms", (t) => {
    const s = setUp();
    t.after(() => s.wd.stop());
    s.wd.observeProgress(10n);
    s.wd.observeHead(20n);
    for (let i = 0; i < 10; i++) {
      s.advance(STALL_MS);
      s.wd.observeHead(20n + BigInt(i));
    }
    assert.equal(s.stalls.length, 1, "one call per episode");
    assert.equal(s.stalled(), 1);
    s.advance(1_000);
    s.wd.observeProgress(25n); // progress, still behind
    assert.equal(s.recoveries.length, 1);
    assert.deepEqual(s.recoveries[0], {
      stalledMs: 10 * STALL_MS - STALL_MS + 1_000,
      headBlock: 29n,
      indexedBlock: 25n,
    });
    assert.equal(s.stalled(), 0);
    s.advance(STALL_MS);
    assert.equal(s.stalls.length, 2, "a second episode is reported again");
    s.wd.observeProgress(29n); // caught up
    assert.equal(s.recoveries.length, 2);
    assert.equal(s.stalled(), 0);
  });

  test("a head that falls back to the indexed block (a reverted devnet) ends the episode", (t) => {
    const s = setUp();
    t.after(() => s.wd.stop());
    s.wd.observeProgress(100n);
    s.wd.observeHead(103n);
    s.advance(STALL_MS);
    assert.equal(s.stalls.length, 1);
    s.wd.observeHead(99n);
    assert.equal(s.recoveries.length, 1);
    assert.equal(s.stalled(), 0);
    // The rollback batch writes 99 again: progress, caught up.
    s.wd.observeProgress(99n);
    s.advance(STALL_MS);
    assert.equal(s.stalls.length, 1);
  });

  test("the same indexed block again is not progress; the progress gauge moves only on change", (t) => {
    const s = setUp();
    t.after(() => s.wd.stop());
    s.wd.observeProgress(10n);
    const first = s.lastProgress();
    assert.equal(first, s.now() / 1000);
    s.wd.observeHead(11n);
    s.advance(STALL_MS / 2);
    s.wd.observeProgress(10n);
    assert.equal(s.lastProgress(), first);
    s.advance(STALL_MS / 2);
    assert.equal(s.stalls.length, 1);
  });

  test("a throwing callback is logged, not thrown into the caller", (t) => {
    const errors: string[] = [];
    const s = setUp({
      onStall: () => {
        throw new Error("boom");
      },
      logger: {
        debug: () => {},
        info: () => {},
        warn: () => {},
        error: (_f, m) => errors.push(m),
      },
    });
    t.after(() => s.wd.stop());
    s.wd.observeHead(1n);
    assert.doesNotThrow(() => s.advance(STALL_MS));
    assert.deepEqual(errors, ["stall watchdog: onStall threw"]);
    assert.equal(s.stalled(), 1);
  });

  test("rejects a non-positive stallAfterMs or checkIntervalMs with VALIDATION_FAILED", () => {
    const onStall = () => {};
    for (const stallAfterMs of [0, -1, Number.NaN, Infinity])
      assert.throws(() => createStallWatchdog({ stallAfterMs, onStall }), { code: "VALIDATION_FAILED" });
    assert.throws(() => createStallWatchdog({ stallAfterMs: 1, checkIntervalMs: 0, onStall }), {
      code: "VALIDATION_FAILED",
    });
  });

  test("the timer runs the checks; stop() clears it", (t) => {
    t.mock.timers.enable({ apis: ["setInterval"] });
    let clock = 0;
    const stalls: StallInfo[] = [];
    const wd = createStallWatchdog({
      stallAfterMs: 1_000,
      checkIntervalMs: 100,
      now: () => clock,
      onStall: (s) => stalls.push(s),
    });
    wd.observeHead(2n);
    wd.observeProgress(1n);
    const tick = (ms: number) => {
      clock += ms;
      t.mock.timers.tick(ms);
    };
    for (let i = 0; i < 9; i++) tick(100);
    assert.equal(stalls.length, 0);
    tick(100);
    assert.equal(stalls.length, 1, "the interval checked without any observation");
    wd.observeProgress(2n); // recover, caught up
    wd.observeHead(3n); // behind again
    wd.stop();
    wd.stop();
    for (let i = 0; i < 50; i++) tick(100);
    assert.equal(stalls.length, 1, "no check after stop()");
  });

  test("stop() clears the very interval it created (real timers)", (t) => {
    const set = t.mock.method(globalThis, "setInterval");
    const clear = t.mock.method(globalThis, "clearInterval");
    const wd = createStallWatchdog({ stallAfterMs: 10, checkIntervalMs: 1, onStall: () => {} });
    assert.equal(set.mock.callCount(), 1);
    const handle = set.mock.calls[0]?.result as NodeJS.Timeout;
    assert.equal(handle.hasRef(), false, "the watchdog alone does not keep the process alive");
    wd.observeHead(1n);
    wd.stop();
    assert.deepEqual(
      clear.mock.calls.map((c) => c.arguments[0]),
      [handle],
    );
  });
});

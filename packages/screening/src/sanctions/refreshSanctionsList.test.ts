/**
 * Refresh into the database (migration 0009), on PGlite and — with TEST_DATABASE_URL — PostgreSQL: a version row
 * with its publish date, source, sha256 and counts plus its address set; the same file again only re-confirms;
 * every refused refresh writes nothing.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, it } from "node:test";
import { describeDatabases } from "@coinscious/db/testing";
import { SanctionsListError } from "./errors.ts";
import { findCurrentSanctionsList } from "./findCurrentSanctionsList.ts";
import { refreshSanctionsList } from "./refreshSanctionsList.ts";
import { screenAddress } from "./screenAddress.ts";
import {
  A,
  ENTRIES,
  EXPECTED,
  type FixtureEntry,
  sdnAdvancedXml,
  sdnCsv,
  sdnXml,
} from "./testing/sdnFixtures.ts";

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "sdn-refresh-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});
const file = async (name: string, content: string) => {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
};
const refusedWith = (promise: Promise<unknown>, code: string) =>
  assert.rejects(promise, (e: unknown) => e instanceof SanctionsListError && e.code === code);
const T0 = new Date("2025-07-01T06:00:00Z");

describeDatabases("refreshSanctionsList", (ctx) => {
  const counts = async () => {
    const { rows } = await ctx.db.query<{ v: bigint; a: bigint }>(
      "SELECT (SELECT count(*) FROM sanctions_list_versions) AS v, (SELECT count(*) FROM sanctions_addresses) AS a",
    );
    return rows[0];
  };

  it("stores a first list: version row, counts, sha256, address set, current flag", async () => {
    const source = await file("v1.xml", sdnXml(ENTRIES, { publishDate: "2025-06-30" }));
    const r = await refreshSanctionsList(ctx.db, { format: "sdn_xml", source, now: T0 });
    assert.equal(r.outcome, "stored");
    assert.equal(r.previousVersionId, undefined);
    const current = await findCurrentSanctionsList(ctx.db);
    assert.ok(current);
    assert.equal(current.versionId, r.versionId);
    assert.equal(current.publishDate, "2025-06-30");
    assert.equal(current.sha256, r.list.sha256);
    assert.equal(current.evmAddressCount, EXPECTED.length);
    assert.deepEqual([...current.addresses.keys()], EXPECTED);
    assert.deepEqual(current.addresses.get(A)?.tickers, ["ARB", "ETH"]);
    assert.equal(current.fetchedAt.getTime(), T0.getTime());
    const { rows } = await ctx.db.query<{ ticker_counts: Record<string, number>; entry_count: number }>(
      "SELECT ticker_counts, entry_count FROM sanctions_list_versions WHERE id = $1",
      [r.versionId],
    );
    assert.equal(rows[0]?.ticker_counts.XBT, 2);
    assert.equal(rows[0]?.entry_count, ENTRIES.length);
  });

  it("the same file again only moves last_checked_at (freshness), so a day later it is still CLEAR", async () => {
    const source = await file("v1-again.xml", sdnXml(ENTRIES, { publishDate: "2025-06-30" }));
    const later = new Date(T0.getTime() + 20 * 3_600_000);
    const before = await counts();
    const r = await refreshSanctionsList(ctx.db, { format: "sdn_xml", source, now: later });
    assert.equal(r.outcome, "unchanged");
    assert.deepEqual(await counts(), before);
    const current = await findCurrentSanctionsList(ctx.db);
    assert.equal(current?.lastCheckedAt.getTime(), later.getTime());
    const tomorrow = new Date(later.getTime() + 23 * 3_600_000);
    assert.equal(
      screenAddress({ list: current, address: `0x${"1".repeat(40)}`, now: tomorrow }).status,
      "CLEAR",
    );
  });

  it("refuses an older list, a shrunken list, an empty list, an unparsable file — and writes nothing", async () => {
    const before = await counts();
    const current = await findCurrentSanctionsList(ctx.db, { withAddresses: false });
    await refusedWith(
      refreshSanctionsList(ctx.db, {
        format: "sdn_xml",
        source: await file("old.xml", sdnXml(ENTRIES.slice(0, 5), { publishDate: "2025-06-01" })),
        now: T0,
      }),
      "SANCTIONS_LIST_OLDER",
    );
    const shrunk = ENTRIES.filter((e) => e.uid !== "1003" && e.uid !== "1005");
    await refusedWith(
      refreshSanctionsList(ctx.db, {
        format: "sdn_xml",
        source: await file("shrunk.xml", sdnXml(shrunk, { publishDate: "2025-07-01" })),
        now: T0,
      }),
      "SANCTIONS_LIST_SHRUNK",
    );
    const noCrypto: FixtureEntry[] = ENTRIES.map((e) => ({ ...e, ids: [] }));
    await refusedWith(
      refreshSanctionsList(ctx.db, {
        format: "sdn_xml",
        source: await file("empty.xml", sdnXml(noCrypto, { publishDate: "2025-07-01" })),
        now: T0,
      }),
      "SANCTIONS_LIST_EMPTY",
    );
    await refusedWith(
      refreshSanctionsList(ctx.db, {
        format: "sdn_xml",
        source: await file("bad.xml", "<sdnList><sdnEntry>"),
        now: T0,
      }),
      "SANCTIONS_LIST_PARSE_FAILED",
    );
    assert.deepEqual(await counts(), before);
    assert.deepEqual(await findCurrentSanctionsList(ctx.db, { withAddresses: false }), current);
  });

  it("accepts a small shrink with the policy, then a newer list in another format; one current version", async () => {
    const shrunk = ENTRIES.filter((e) => e.uid !== "1005");
    const r = await refreshSanctionsList(ctx.db, {
      format: "sdn_advanced_xml",
      source: await file("v2.xml", sdnAdvancedXml(shrunk, { publishDate: "2025-07-01" })),
      policy: { maxShrinkFraction: 0.2 },
      now: T0,
    });
    assert.equal(r.outcome, "stored");
    const csv = sdnCsv(ENTRIES);
    const r3 = await refreshSanctionsList(ctx.db, {
      format: "sdn_csv",
      source: await file("SDN.CSV", csv.sdn),
      commentsSource: await file("SDN_COMMENTS.CSV", csv.comments),
      publishDate: "2025-07-02",
      now: T0,
    });
    assert.equal(r3.previousVersionId, r.versionId);
    const { rows } = await ctx.db.query<{ id: bigint; format: string; publish_date: string }>(
      "SELECT id, format, publish_date::text AS publish_date FROM sanctions_list_versions WHERE is_current",
    );
    assert.deepEqual(rows, [{ id: r3.versionId, format: "sdn_csv", publish_date: "2025-07-02" }]);
    assert.deepEqual([...((await findCurrentSanctionsList(ctx.db))?.addresses.keys() ?? [])], EXPECTED);
  });
});

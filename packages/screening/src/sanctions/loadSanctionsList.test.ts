/**
 * Parsing of each OFAC format (§4.2) from files: the three formats give the same EVM set for the same list, with
 * the tricky cases of the fixtures (mixed case, non-EVM tickers ignored, EVM under non-ETH tags, duplicates across
 * entries, SDN_COMMENTS.CSV overflow), and malformed files are refused with stable codes.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { SanctionsListError } from "./errors.ts";
import { loadSanctionsList } from "./loadSanctionsList.ts";
import { A, C, ENTRIES, EXPECTED, sdnAdvancedXml, sdnCsv, sdnXml } from "./testing/sdnFixtures.ts";
import type { SanctionsList } from "./types.ts";

let dir: string;
const file = async (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
};
const rejectsWith = (promise: Promise<unknown>, code: string) =>
  assert.rejects(promise, (e: unknown) => e instanceof SanctionsListError && e.code === code);

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "sdn-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("loadSanctionsList: the three formats", () => {
  const lists: Record<string, SanctionsList> = {};
  before(async () => {
    lists.xml = await loadSanctionsList({
      format: "sdn_xml",
      source: await file("SDN.XML", sdnXml(ENTRIES, { publishDate: "2025-06-30" })),
    });
    lists.advanced = await loadSanctionsList({
      format: "sdn_advanced_xml",
      source: await file("SDN_ADVANCED.XML", sdnAdvancedXml(ENTRIES, { publishDate: "2025-06-30" })),
    });
    const csv = sdnCsv(ENTRIES);
    lists.csv = await loadSanctionsList({
      format: "sdn_csv",
      source: await file("SDN.CSV", csv.sdn),
      commentsSource: await file("SDN_COMMENTS.CSV", csv.comments),
      publishDate: "2025-06-30",
    });
  });

  it("give the same EVM address set, lower-cased, with the same tickers and entries", () => {
    for (const [format, list] of Object.entries(lists)) {
      assert.deepEqual([...list.addresses.keys()], EXPECTED, format);
      assert.deepEqual(lists.xml?.addresses, list.addresses, format);
    }
  });

  it("merge an address listed twice (two entries, two tickers, two cases)", () => {
    assert.deepEqual(lists.xml?.addresses.get(A), {
      address: A,
      tickers: ["ARB", "ETH"],
      entryIds: ["1001", "1003"],
    });
    assert.deepEqual(lists.csv?.addresses.get(C)?.tickers, ["USDT"]);
  });

  it("count every digital currency address and ticker, EVM or not, and keep the publish date", () => {
    for (const list of Object.values(lists)) {
      assert.equal(list.publishDate, "2025-06-30");
      assert.equal(list.entryCount, ENTRIES.length);
      assert.equal(list.digitalCurrencyAddressCount, 12);
      assert.deepEqual(list.tickerCounts, {
        ARB: 1,
        BSC: 1,
        ETH: 4,
        TRX: 1,
        USDC: 1,
        USDT: 1,
        XBT: 2,
        XMR: 1,
      });
      assert.match(list.sha256, /^[0-9a-f]{64}$/);
      assert.ok(list.byteLength > 0);
    }
  });

  it("SDN_COMMENTS.CSV completes an address cut in SDN.CSV's remarks; without it the address is missing", async () => {
    const csv = sdnCsv(ENTRIES);
    assert.match(csv.sdn, /ETH 0x9F"\r\n/); // the cut falls inside the address
    const alone = await loadSanctionsList({
      format: "sdn_csv",
      source: await file("alone.csv", csv.sdn),
      publishDate: "2025-06-30",
    });
    assert.equal(alone.addresses.size, EXPECTED.length - 1);
  });

  it("resolve advanced feature types by text even when the reference set comes last, in either namespace", async () => {
    const late = await loadSanctionsList({
      format: "sdn_advanced_xml",
      source: await file(
        "late.xml",
        sdnAdvancedXml(ENTRIES, {
          publishDate: "2025-06-30",
          referenceLast: true,
          namespace: "http://www.un.org/sanctions/1.0",
        }),
      ),
    });
    assert.deepEqual([...late.addresses.keys()], EXPECTED);
  });
});

describe("loadSanctionsList: refusals", () => {
  it("SDN.XML whose Record_Count disagrees (truncated download) → SANCTIONS_LIST_COUNT_MISMATCH", async () => {
    const path = await file("count.xml", sdnXml(ENTRIES, { publishDate: "2025-06-30", recordCount: 99 }));
    await rejectsWith(
      loadSanctionsList({ format: "sdn_xml", source: path }),
      "SANCTIONS_LIST_COUNT_MISMATCH",
    );
  });

  it("a cut-off XML file, a wrong root, a DOCTYPE, bad UTF-8 → SANCTIONS_LIST_PARSE_FAILED", async () => {
    const full = sdnXml(ENTRIES, { publishDate: "2025-06-30" });
    const cases: [string, string | Uint8Array, "sdn_xml" | "sdn_advanced_xml"][] = [
      ["cut.xml", full.slice(0, full.length / 2), "sdn_xml"],
      ["root.xml", full, "sdn_advanced_xml"],
      [
        "ns.xml",
        sdnAdvancedXml(ENTRIES, { publishDate: "2025-06-30", namespace: "urn:other" }),
        "sdn_advanced_xml",
      ],
      ["dtd.xml", full.replace("<sdnList", '<!DOCTYPE x [<!ENTITY a "b">]>\n<sdnList'), "sdn_xml"],
      [
        "utf8.xml",
        Buffer.concat([
          Buffer.from(full.slice(0, 200)),
          Buffer.from([0xff, 0xfe]),
          Buffer.from(full.slice(200)),
        ]),
        "sdn_xml",
      ],
      ["date.xml", full.replace(/<Publish_Date>[^<]*/, "<Publish_Date>13/45/2025"), "sdn_xml"],
      ["html.xml", "<html><body>Service unavailable</body></html>", "sdn_xml"],
    ];
    for (const [name, content, format] of cases) {
      await rejectsWith(
        loadSanctionsList({ format, source: await file(name, content) }),
        "SANCTIONS_LIST_PARSE_FAILED",
      );
    }
  });

  it("SDN.CSV: a row without 12 columns, an unterminated quote, a bad ent_num → SANCTIONS_LIST_PARSE_FAILED", async () => {
    const { sdn } = sdnCsv(ENTRIES);
    for (const [name, content] of [
      ["cols.csv", `${sdn}1007,"SHORT ROW"\r\n`],
      ["quote.csv", `1007,"OPEN${sdn}`],
      ["ent.csv", sdn.replace("1002,", "X1002,")],
    ] as const) {
      const source = await file(name, content);
      await rejectsWith(
        loadSanctionsList({ format: "sdn_csv", source, publishDate: "2025-06-30" }),
        "SANCTIONS_LIST_PARSE_FAILED",
      );
    }
  });

  it("SDN.CSV without a publish date from a file → SANCTIONS_LIST_NO_PUBLISH_DATE", async () => {
    const source = await file("nodate.csv", sdnCsv(ENTRIES).sdn);
    await rejectsWith(loadSanctionsList({ format: "sdn_csv", source }), "SANCTIONS_LIST_NO_PUBLISH_DATE");
  });

  it("an empty file → SANCTIONS_LIST_EMPTY; a missing file → SANCTIONS_LIST_FETCH_FAILED", async () => {
    await rejectsWith(
      loadSanctionsList({ format: "sdn_xml", source: await file("empty.xml", "") }),
      "SANCTIONS_LIST_EMPTY",
    );
    await rejectsWith(
      loadSanctionsList({ format: "sdn_xml", source: join(dir, "missing.xml") }),
      "SANCTIONS_LIST_FETCH_FAILED",
    );
  });
});

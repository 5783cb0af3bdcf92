/**
 * Lists fetched over HTTP from an in-process server on 127.0.0.1 (port 0): success in every format, Last-Modified
 * as the SDN.CSV publish date, and failures — HTTP errors, a refused connection, a timeout, an oversize body, a
 * non-http scheme — all SANCTIONS_LIST_FETCH_FAILED.
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { SanctionsListError } from "./errors.ts";
import { loadSanctionsList } from "./loadSanctionsList.ts";
import { ENTRIES, EXPECTED, sdnAdvancedXml, sdnCsv, sdnXml } from "./testing/sdnFixtures.ts";

const csv = sdnCsv(ENTRIES);
const FILES: Record<string, string> = {
  "/sdn.xml": sdnXml(ENTRIES, { publishDate: "2025-07-01" }),
  "/sdn_advanced.xml": sdnAdvancedXml(ENTRIES, { publishDate: "2025-07-01" }),
  "/SDN.CSV": csv.sdn,
  "/SDN_COMMENTS.CSV": csv.comments,
};

let server: Server;
let base: string;
const rejectsWith = (promise: Promise<unknown>, code: string) =>
  assert.rejects(promise, (e: unknown) => e instanceof SanctionsListError && e.code === code);

before(async () => {
  server = createServer((req, res) => {
    const body = FILES[req.url ?? ""];
    if (req.url === "/slow") return; // never answers
    if (body === undefined) {
      res.writeHead(req.url === "/down" ? 503 : 404).end("no");
      return;
    }
    // Small chunks, so the parsers see tags and addresses split across reads.
    res.writeHead(200, { "content-type": "text/plain", "last-modified": "Tue, 01 Jul 2025 14:00:00 GMT" });
    for (let i = 0; i < body.length; i += 97) res.write(body.slice(i, i + 97));
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("loadSanctionsList over http", () => {
  it("reads each format from a URL and gives the same set", async () => {
    const xml = await loadSanctionsList({ format: "sdn_xml", source: `${base}/sdn.xml` });
    const advanced = await loadSanctionsList({
      format: "sdn_advanced_xml",
      source: new URL(`${base}/sdn_advanced.xml`),
    });
    const fromCsv = await loadSanctionsList({
      format: "sdn_csv",
      source: `${base}/SDN.CSV`,
      commentsSource: `${base}/SDN_COMMENTS.CSV`,
    });
    for (const list of [xml, advanced, fromCsv]) assert.deepEqual([...list.addresses.keys()], EXPECTED);
    assert.equal(xml.source, `${base}/sdn.xml`);
    assert.equal(fromCsv.publishDate, "2025-07-01", "SDN.CSV takes Last-Modified when no date is given");
  });

  it("stores the URL without credentials or query", async () => {
    const url = new URL(`${base}/sdn.xml?token=secret`);
    url.username = "user";
    url.password = "pass";
    const list = await loadSanctionsList({
      format: "sdn_xml",
      source: url,
      // Node's fetch refuses URLs with credentials: the injected fetch drops them, as a proxy would.
      fetch: () => fetch(new URL(`${base}/sdn.xml`)),
    });
    assert.equal(list.source, `${base}/sdn.xml`);
  });

  it("fails with SANCTIONS_LIST_FETCH_FAILED on 404, 503, a refused connection, a timeout, a size limit, a non-http scheme", async () => {
    await rejectsWith(
      loadSanctionsList({ format: "sdn_xml", source: `${base}/missing.xml` }),
      "SANCTIONS_LIST_FETCH_FAILED",
    );
    await rejectsWith(
      loadSanctionsList({ format: "sdn_xml", source: `${base}/down` }),
      "SANCTIONS_LIST_FETCH_FAILED",
    );
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await rejectsWith(
      loadSanctionsList({ format: "sdn_xml", source: `http://127.0.0.1:${port}/sdn.xml` }),
      "SANCTIONS_LIST_FETCH_FAILED",
    );
    await rejectsWith(
      loadSanctionsList({ format: "sdn_xml", source: `${base}/slow`, timeoutMs: 200 }),
      "SANCTIONS_LIST_FETCH_FAILED",
    );
    await rejectsWith(
      loadSanctionsList({ format: "sdn_xml", source: `${base}/sdn.xml`, maxBytes: 500 }),
      "SANCTIONS_LIST_FETCH_FAILED",
    );
    await rejectsWith(
      loadSanctionsList({ format: "sdn_xml", source: "ftp://example.org/sdn.xml" }),
      "SANCTIONS_LIST_FETCH_FAILED",
    );
  });
});

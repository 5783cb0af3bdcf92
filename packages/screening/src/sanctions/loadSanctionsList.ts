import { createHash } from "node:crypto";
import { SanctionsListError, SanctionsListParseError } from "./errors.ts";
import type { ListParser } from "./listParser.ts";
import { type OpenSanctionsSourceParameters, openSanctionsSource } from "./openSanctionsSource.ts";
import { createSdnAdvancedXmlParser } from "./parseSdnAdvancedXml.ts";
import { createSdnCommentsParser, createSdnCsvParser } from "./parseSdnCsv.ts";
import { checkIsoDate, createSdnXmlParser } from "./parseSdnXml.ts";
import type { SanctionsList, SanctionsListFormat } from "./types.ts";

export type LoadSanctionsListParameters = Omit<OpenSanctionsSourceParameters, "source"> & {
  format: SanctionsListFormat;
  /** SDN.XML, SDN_ADVANCED.XML or SDN.CSV: a path or an http(s) URL. */
  source: string | URL;
  /** `sdn_csv` only: SDN_COMMENTS.CSV, where long remarks overflow (§4.2). */
  commentsSource?: string | URL | undefined;
  /**
   * `YYYY-MM-DD`. SDN.CSV carries no publish date: give the one OFAC announced (or the XML's); without it an
   * http(s) source's `Last-Modified` date is used, and a file without either is refused. Ignored for XML.
   */
  publishDate?: string | undefined;
};

/**
 * Reads one OFAC SDN list (§4.2) from a file or an http(s) URL and builds its EVM address set: every EVM-format
 * address whatever its ticker, lower-cased. Streams — bytes are hashed (sha256, for the audit trail) and parsed
 * as they arrive; the UTF-8 decoding is strict for XML. Sanity checks against the stored list are
 * {@link checkSanctionsListSanity}'s job; this only refuses what is unreadable.
 *
 * @throws {SanctionsListFetchError} `SANCTIONS_LIST_FETCH_FAILED`
 * @throws {SanctionsListParseError} `SANCTIONS_LIST_PARSE_FAILED`
 * @throws {SanctionsListError} `SANCTIONS_LIST_NO_PUBLISH_DATE`, `SANCTIONS_LIST_COUNT_MISMATCH`
 * @example
 * const list = await loadSanctionsList({ format: "sdn_xml", source: "https://www.treasury.gov/ofac/downloads/sdn.xml" });
 * list.publishDate; // "2025-06-30"
 * list.addresses.has("0x098b716b8aaf21512996dc57eb0615e2383e2f96"); // true
 */
export async function loadSanctionsList(parameters: LoadSanctionsListParameters): Promise<SanctionsList> {
  const { format } = parameters;
  if (parameters.commentsSource !== undefined && format !== "sdn_csv") {
    throw new SanctionsListParseError("commentsSource belongs to the SDN.CSV family only", { format });
  }
  let parser: ListParser;
  if (format === "sdn_xml") parser = createSdnXmlParser();
  else if (format === "sdn_advanced_xml") parser = createSdnAdvancedXmlParser();
  else {
    let comments = new Map<string, string>();
    if (parameters.commentsSource !== undefined) {
      const commentsParser = createSdnCommentsParser();
      await streamText({ ...parameters, source: parameters.commentsSource }, commentsParser, false);
      comments = commentsParser.end();
    }
    parser = createSdnCsvParser(comments);
  }
  const read = await streamText(parameters, parser, format !== "sdn_csv");
  const body = parser.end();

  let publishDate = body.publishDate;
  if (publishDate === undefined && format === "sdn_csv") {
    publishDate =
      parameters.publishDate !== undefined
        ? checkIsoDate(parameters.publishDate)
        : read.lastModified?.toISOString().slice(0, 10);
  }
  if (publishDate === undefined) {
    throw new SanctionsListError("SANCTIONS_LIST_NO_PUBLISH_DATE", `${read.location} has no publish date`, {
      details: { format, source: read.location },
    });
  }
  return {
    format,
    source: read.location,
    publishDate,
    sha256: read.sha256,
    byteLength: read.byteLength,
    entryCount: body.entryCount,
    digitalCurrencyAddressCount: body.collector.digitalCurrencyAddressCount,
    tickerCounts: body.collector.tickerCounts(),
    addresses: body.collector.addresses(),
  };
}

/** Streams a source into a parser: sha256 and length of the bytes, strict or lenient UTF-8 decoding. */
async function streamText(
  parameters: Omit<OpenSanctionsSourceParameters, "source"> & { source: string | URL },
  parser: { write(text: string): void },
  strictUtf8: boolean,
) {
  const opened = await openSanctionsSource(parameters);
  const hash = createHash("sha256");
  // XML declares UTF-8: a bad byte means a corrupt file. OFAC's CSVs are not reliably UTF-8 in names, and a
  // replacement character there cannot touch an address (ASCII), so the CSV decoding is lenient.
  const decoder = new TextDecoder("utf-8", { fatal: strictUtf8, ignoreBOM: false });
  let byteLength = 0;
  try {
    for await (const bytes of opened.chunks) {
      hash.update(bytes);
      byteLength += bytes.byteLength;
      parser.write(decoder.decode(bytes, { stream: true }));
    }
    parser.write(decoder.decode());
  } catch (error) {
    if (
      error instanceof TypeError &&
      (error as { code?: string }).code === "ERR_ENCODING_INVALID_ENCODED_DATA"
    ) {
      throw new SanctionsListParseError(
        `${opened.location} is not valid UTF-8`,
        { source: opened.location },
        error,
      );
    }
    throw error;
  }
  if (byteLength === 0) {
    throw new SanctionsListError("SANCTIONS_LIST_EMPTY", `${opened.location} is empty`, {
      details: { source: opened.location },
    });
  }
  return { ...opened, sha256: hash.digest("hex"), byteLength };
}

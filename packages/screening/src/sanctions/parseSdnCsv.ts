import { createAddressCollector } from "./createAddressCollector.ts";
import { createCsvRowParser } from "./csv/createCsvRowParser.ts";
import { SanctionsListParseError } from "./errors.ts";
import type { ListParser } from "./listParser.ts";

/** SDN.CSV columns (§4.2, no header row): ent_num … Remarks is the 12th. */
const SDN_COLUMNS = 12;
const REMARKS = 11;
/** §4.2: `Digital Currency Address - (\w+)\s+(\S+)`, applied to each `;`-separated piece of the remarks. */
const ADDRESS_IN_REMARK = /Digital Currency Address - (\w+)\s+(\S+)/g;

/**
 * Every "Digital Currency Address - <TICKER> <value>" in a free-text remark, trailing punctuation removed.
 *
 * @example
 * addressesInRemarks("Digital Currency Address - ETH 0x098B…; alt. Digital Currency Address - XBT 1A1z…;");
 * // [["ETH", "0x098B…"], ["XBT", "1A1z…"]]
 */
export function addressesInRemarks(remarks: string): [ticker: string, value: string][] {
  const out: [string, string][] = [];
  for (const piece of remarks.split(";")) {
    for (const m of piece.matchAll(ADDRESS_IN_REMARK)) {
      out.push([m[1] as string, (m[2] as string).replace(/[.,;)]+$/, "")]);
    }
  }
  return out;
}

/**
 * A streaming parser for **SDN.CSV** (§4.2): no header row; columns `ent_num, SDN_Name, SDN_Type, Program, Title,
 * Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks`; `-0-` is empty; digital currency addresses are
 * free text in Remarks. Long remarks overflow into **SDN_COMMENTS.CSV** (`ent_num, continuation`) [R]: pass its
 * text by entity as `comments` ({@link createSdnCommentsParser}). ADD.CSV (postal addresses) and ALT.CSV
 * (alternate names) hold no digital currency addresses and are not read. The CSV carries no publish date.
 *
 * @throws {SanctionsListParseError} `SANCTIONS_LIST_PARSE_FAILED` — a row without 12 columns, a bad ent_num.
 * @example
 * const parser = createSdnCsvParser(commentsByEntity);
 * parser.write(csvText);
 * const { entryCount, collector } = parser.end(); // publishDate: undefined
 */
export function createSdnCsvParser(comments: ReadonlyMap<string, string> = new Map()): ListParser {
  const collector = createAddressCollector();
  let entryCount = 0;
  const seen = new Set<string>();
  const csv = createCsvRowParser((fields, row) => {
    if (fields.length !== SDN_COLUMNS) {
      throw new SanctionsListParseError(
        `SDN.CSV: row ${row} has ${fields.length} columns, not ${SDN_COLUMNS}`,
        {
          row,
        },
      );
    }
    const entNum = (fields[0] as string).trim();
    if (!/^\d+$/.test(entNum))
      throw new SanctionsListParseError(`SDN.CSV: row ${row} has ent_num "${entNum}"`);
    entryCount += 1;
    seen.add(entNum);
    const remarks = emptyMarker((fields[REMARKS] as string).trim());
    const extra = comments.get(entNum) ?? "";
    const found = new Map<string, [string, string]>();
    // A continuation is read joined to its remarks (an address cut at the boundary is whole again) and alone
    // (in case it repeats the remarks in full); duplicates fold.
    for (const text of extra === "" ? [remarks] : [remarks + extra, extra]) {
      for (const [ticker, value] of addressesInRemarks(text))
        found.set(`${ticker} ${value}`, [ticker, value]);
    }
    for (const [ticker, value] of found.values()) {
      collector.add(ticker, value, entNum);
    }
  });
  return {
    write: (piece) => csv.write(piece),
    end() {
      csv.end();
      const orphans = [...comments.keys()].filter((k) => !seen.has(k));
      if (orphans.length > 0) {
        throw new SanctionsListParseError("SDN_COMMENTS.CSV names entries SDN.CSV does not have", {
          entries: orphans.slice(0, 10),
        });
      }
      return { publishDate: undefined, entryCount, collector };
    },
  };
}

/** OFAC writes `-0-` (sometimes `-0- `) for an empty field. */
function emptyMarker(value: string): string {
  return value.trim() === "-0-" ? "" : value;
}

/**
 * Reads **SDN_COMMENTS.CSV** [R: layout from memory — `ent_num, text`, no header]: the overflow of long SDN.CSV
 * remarks, by entity. Several rows of one entity are joined in file order.
 *
 * @throws {SanctionsListParseError} `SANCTIONS_LIST_PARSE_FAILED` — a row without 2 columns or a bad ent_num.
 * @example
 * const comments = createSdnCommentsParser();
 * comments.write(text);
 * const byEntity = comments.end(); // Map { "36" => "…Digital Currency Address - ETH 0x…" }
 */
export function createSdnCommentsParser(): { write(text: string): void; end(): Map<string, string> } {
  const byEntity = new Map<string, string>();
  const csv = createCsvRowParser((fields, row) => {
    const entNum = (fields[0] as string).trim();
    if (fields.length !== 2 || !/^\d+$/.test(entNum)) {
      throw new SanctionsListParseError(`SDN_COMMENTS.CSV: row ${row} is not "ent_num, text"`, { row });
    }
    byEntity.set(entNum, (byEntity.get(entNum) ?? "") + emptyMarker(fields[1] as string));
  });
  return {
    write: (text) => csv.write(text),
    end() {
      csv.end();
      return byEntity;
    },
  };
}

import { createAddressCollector, DIGITAL_CURRENCY_PREFIX } from "./createAddressCollector.ts";
import { SanctionsListError, SanctionsListParseError } from "./errors.ts";
import type { ListParser } from "./listParser.ts";
import { createXmlScanner } from "./xml/createXmlScanner.ts";

/**
 * A streaming parser for the legacy **SDN.XML** (§4.2): `sdnList/sdnEntry/{uid, …, idList/id{idType, idNumber}}`,
 * where a crypto entry has `idType = "Digital Currency Address - <TICKER>"` and the address in `idNumber`. The
 * header is literally `publshInformation/Publish_Date` (sic, OFAC's spelling) as `MM/DD/YYYY`, with
 * `Record_Count`: the number of `sdnEntry` elements must equal it, which catches a truncated download.
 *
 * @throws {SanctionsListParseError} `SANCTIONS_LIST_PARSE_FAILED` — not XML, or the root is not `sdnList`.
 * @throws {SanctionsListError} `SANCTIONS_LIST_COUNT_MISMATCH` — `Record_Count` disagrees with the entries.
 * @example
 * const parser = createSdnXmlParser();
 * for await (const text of pieces) parser.write(text);
 * const { publishDate, collector } = parser.end();
 */
export function createSdnXmlParser(): ListParser {
  const collector = createAddressCollector();
  const path: string[] = [];
  let text = "";
  let publishDate: string | undefined;
  let recordCount: number | undefined;
  let entryCount = 0;
  let entry: { uid: string; ids: { type: string; number: string }[] } | undefined;
  let id: { type: string; number: string } | undefined;

  const scanner = createXmlScanner({
    open(name) {
      if (path.length === 0 && name !== "sdnList") {
        throw new SanctionsListParseError(`SDN.XML: the root is <${name}>, not <sdnList>`);
      }
      path.push(name);
      text = "";
      const depth = path.length;
      if (depth === 2 && name === "sdnEntry") entry = { uid: "", ids: [] };
      if (entry !== undefined && depth === 4 && name === "id" && path[2] === "idList") {
        id = { type: "", number: "" };
      }
    },
    text(piece) {
      text += piece;
    },
    close(name) {
      const depth = path.length;
      const parent = path[depth - 2];
      if (depth === 3 && parent === "publshInformation") {
        if (name === "Publish_Date") publishDate = usDateToIso(text.trim());
        if (name === "Record_Count") recordCount = toCount(text.trim());
      } else if (entry !== undefined && depth === 3 && name === "uid") {
        entry.uid = text.trim();
      } else if (id !== undefined && depth === 5 && name === "idType") {
        id.type = text.trim();
      } else if (id !== undefined && depth === 5 && name === "idNumber") {
        id.number = text.trim();
      } else if (id !== undefined && depth === 4 && name === "id") {
        entry?.ids.push(id);
        id = undefined;
      } else if (entry !== undefined && depth === 2 && name === "sdnEntry") {
        entryCount += 1;
        if (entry.uid === "") throw new SanctionsListParseError("SDN.XML: an sdnEntry without uid");
        for (const { type, number } of entry.ids) {
          if (type.startsWith(DIGITAL_CURRENCY_PREFIX)) {
            collector.add(type.slice(DIGITAL_CURRENCY_PREFIX.length), number, entry.uid);
          }
        }
        entry = undefined;
      }
      path.pop();
      text = "";
    },
  });

  return {
    write: (piece) => scanner.write(piece),
    end() {
      scanner.end();
      if (recordCount !== undefined && recordCount !== entryCount) {
        throw new SanctionsListError(
          "SANCTIONS_LIST_COUNT_MISMATCH",
          `SDN.XML declares ${recordCount} records but holds ${entryCount}`,
          { details: { recordCount, entryCount } },
        );
      }
      return { publishDate, entryCount, collector };
    },
  };
}

/** `MM/DD/YYYY` (OFAC's Publish_Date) → `YYYY-MM-DD`, validated as a calendar date. */
export function usDateToIso(value: string): string {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  if (m === null) throw new SanctionsListParseError(`SDN.XML: Publish_Date "${value}" is not MM/DD/YYYY`);
  return checkIsoDate(`${m[3]}-${(m[1] as string).padStart(2, "0")}-${(m[2] as string).padStart(2, "0")}`);
}

/** Throws unless `iso` is a real `YYYY-MM-DD` calendar date. */
export function checkIsoDate(iso: string): string {
  const date = new Date(`${iso}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(iso) ||
    Number.isNaN(date.getTime()) ||
    date.toISOString().slice(0, 10) !== iso
  ) {
    throw new SanctionsListParseError(`"${iso}" is not a calendar date`);
  }
  return iso;
}

function toCount(value: string): number {
  if (!/^\d{1,9}$/.test(value))
    throw new SanctionsListParseError(`SDN.XML: Record_Count "${value}" is not a count`);
  return Number(value);
}

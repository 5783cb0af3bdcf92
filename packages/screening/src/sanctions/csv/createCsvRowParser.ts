import { SanctionsListParseError } from "../errors.ts";

export type CsvRowParser = {
  /** Feeds the next piece; pieces may split anywhere, even inside a quoted field or a CRLF. */
  write(chunk: string): void;
  /** The input is complete: emits the last row, throws on an unterminated quote. */
  end(): void;
};

/**
 * A strict, streaming RFC 4180 reader for OFAC's CSV files: comma-separated, fields optionally in double quotes
 * with `""` for a quote, CRLF or LF line ends, quoted fields may span lines. A quote inside an unquoted field or
 * text after a closing quote is an error, not a guess. Blank lines are skipped, and so is the lone SUB
 * (`\x1A`, DOS end-of-file) line OFAC's SDN.CSV ends with.
 *
 * @throws {SanctionsListParseError} `SANCTIONS_LIST_PARSE_FAILED` with the row number.
 * @example
 * const csv = createCsvRowParser((fields, row) => console.log(row, fields));
 * csv.write('36,"AEROCARIBBEAN AIRLINES",-0- \r\n');
 * csv.end();
 */
export function createCsvRowParser(onRow: (fields: string[], row: number) => void): CsvRowParser {
  let fields: string[] = [];
  let field = "";
  let state: "start" | "unquoted" | "quoted" | "quoteInQuoted" = "start";
  let row = 1;
  let pendingCr = false;

  const fail = (message: string): never => {
    throw new SanctionsListParseError(`CSV: ${message} (row ${row})`, { row });
  };
  const endRow = () => {
    fields.push(field);
    const blank = fields.length === 1 && (fields[0] === "" || fields[0] === "\x1a");
    if (!blank) onRow(fields, row);
    fields = [];
    field = "";
    state = "start";
    row += 1;
  };

  const step = (c: string) => {
    if (pendingCr) {
      pendingCr = false;
      if (c === "\n") return;
      fail("a carriage return not followed by a line feed");
    }
    switch (state) {
      case "quoted":
        if (c === '"') state = "quoteInQuoted";
        else field += c;
        return;
      case "quoteInQuoted":
        if (c === '"') {
          field += '"';
          state = "quoted";
          return;
        }
        if (c !== "," && c !== "\r" && c !== "\n") fail("text after a closing quote");
        break;
      case "start":
        if (c === '"') {
          state = "quoted";
          return;
        }
        break;
      case "unquoted":
        if (c === '"') fail("a quote inside an unquoted field");
        break;
    }
    if (c === ",") {
      fields.push(field);
      field = "";
      state = "start";
    } else if (c === "\r" || c === "\n") {
      pendingCr = c === "\r";
      endRow();
    } else {
      field += c;
      state = "unquoted";
    }
  };

  return {
    write(chunk) {
      for (const c of chunk) step(c);
    },
    end() {
      if (state === "quoted") fail("an unterminated quoted field");
      if (state !== "start" || field !== "" || fields.length > 0) endRow();
    },
  };
}

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { SanctionsListParseError } from "../errors.ts";
import { createCsvRowParser } from "./createCsvRowParser.ts";

function rows(pieces: string[]): string[][] {
  const out: string[][] = [];
  const csv = createCsvRowParser((fields) => out.push(fields));
  for (const p of pieces) csv.write(p);
  csv.end();
  return out;
}

const TEXT =
  '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA"\r\n173,"say ""hi""","multi\r\nline",\n\r\n"x"\r\n\x1a\r\n';

describe("createCsvRowParser", () => {
  it("reads quoted and unquoted fields, escaped quotes, multi-line fields; skips blank and SUB lines", () => {
    assert.deepEqual(rows([TEXT]), [
      ["36", "AEROCARIBBEAN AIRLINES", "-0- ", "CUBA"],
      ["173", 'say "hi"', "multi\r\nline", ""],
      ["x"],
    ]);
    assert.deepEqual(rows(["a,b"]), [["a", "b"]], "no final line end");
  });

  it("gives the same rows however the input is split (property)", () => {
    const whole = rows([TEXT]);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: TEXT.length - 1 }), { maxLength: 20 }), (cuts) => {
        const sorted = [...cuts].sort((a, b) => a - b);
        assert.deepEqual(rows([0, ...sorted].map((s, i) => TEXT.slice(s, sorted[i] ?? TEXT.length))), whole);
      }),
      { numRuns: 300 },
    );
  });

  it("round-trips any fields written the RFC 4180 way (property)", () => {
    const field = fc.string({ unit: fc.constantFrom("a", "Z", "0", " ", ",", '"', "\n", "\r\n", ";", "é") });
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 5 }),
        (table) => {
          const text = table.map((r) => r.map((f) => `"${f.replaceAll('"', '""')}"`).join(",")).join("\r\n");
          assert.deepEqual(rows([text]), table);
        },
      ),
    );
  });

  it("refuses stray quotes, text after a closing quote, a bare CR, an unterminated quote", () => {
    for (const bad of ['a"b,c', '"a"b,c', "a\rb", '"open']) {
      assert.throws(() => rows([bad]), SanctionsListParseError, JSON.stringify(bad));
    }
  });
});

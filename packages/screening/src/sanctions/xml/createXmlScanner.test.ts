import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { SanctionsListParseError } from "../errors.ts";
import { createXmlScanner } from "./createXmlScanner.ts";

/** The events of a document fed in the given pieces; adjacent text events merged (their split is free). */
function scan(pieces: string[]): string[] {
  const events: string[] = [];
  const scanner = createXmlScanner({
    open: (name, attributes) => events.push(`open ${name} ${JSON.stringify(attributes)}`),
    close: (name) => events.push(`close ${name}`),
    text: (text) => {
      const last = events.at(-1);
      if (last?.startsWith("text ")) events[events.length - 1] = last + text;
      else events.push(`text ${text}`);
    },
  });
  for (const p of pieces) scanner.write(p);
  scanner.end();
  return events;
}

const DOC =
  '<?xml version="1.0" encoding="utf-8"?>\n<!-- OFAC -->\n<a:root xmlns:a="urn:x" k=\'v&amp;w\'>' +
  '<x id="1">A &lt;&gt; &amp; &quot;&apos; &#65;&#x42; é</x><![CDATA[raw <b> & ]]><empty/><y>1</y><!-- c --></a:root>\n';

describe("createXmlScanner", () => {
  it("reports elements (local names), attributes, decoded text, CDATA literally", () => {
    assert.deepEqual(scan([DOC]), [
      'open root {"xmlns:a":"urn:x","k":"v&w"}',
      'open x {"id":"1"}',
      "text A <> & \"' AB é",
      "close x",
      "text raw <b> & ",
      "open empty {}",
      "close empty",
      "open y {}",
      "text 1",
      "close y",
      "close root",
    ]);
  });

  it("gives the same events however the input is split (property)", () => {
    const whole = scan([DOC]);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: DOC.length - 1 }), { maxLength: 30 }), (cuts) => {
        const sorted = [...cuts].sort((a, b) => a - b);
        const pieces = [0, ...sorted].map((start, i) => DOC.slice(start, sorted[i] ?? DOC.length));
        assert.deepEqual(scan(pieces), whole);
      }),
      { numRuns: 300 },
    );
  });

  it("refuses what a well-formed OFAC file never holds", () => {
    for (const bad of [
      '<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]><r>&e;</r>',
      "<r>&nbsp;</r>",
      "<r>a & b</r>",
      "<r><a></b></r>",
      "<r></r><r></r>",
      "text<r></r>",
      "<r></r>tail",
      "<r><a>",
      "<r a=1></r>",
      '<r a="1" a="2"></r>',
      '<r a="<"></r>',
      "<1r></1r>",
      "<r>&#0;</r>",
      '<?xml version="1.0" encoding="ISO-8859-1"?><r/>',
      "",
      "<r",
    ]) {
      assert.throws(
        () => scan([bad]),
        (e: unknown) => e instanceof SanctionsListParseError && e.code === "SANCTIONS_LIST_PARSE_FAILED",
        bad,
      );
    }
  });
});

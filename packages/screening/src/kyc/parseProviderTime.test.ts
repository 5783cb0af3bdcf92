import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { parseProviderTime } from "./parseProviderTime.ts";

describe("parseProviderTime", () => {
  it("reads the providers' formats", () => {
    const iso = (v: unknown) => parseProviderTime(v)?.toISOString();
    assert.equal(iso("2024-05-01T10:05:00.000Z"), "2024-05-01T10:05:00.000Z");
    assert.equal(iso("2024-05-01T10:05:00Z"), "2024-05-01T10:05:00.000Z");
    assert.equal(iso("2020-02-21 13:23:19.321"), "2020-02-21T13:23:19.321Z");
    assert.equal(iso("2020-02-21 13:23:19+0000"), "2020-02-21T13:23:19.000Z");
    assert.equal(iso("2020-02-21T13:23:19.123456+02:00"), "2020-02-21T11:23:19.123Z");
    assert.equal(iso("2020-02-21T13:23:19-0530"), "2020-02-21T18:53:19.000Z");
    assert.equal(iso(1_714_557_900_000), "2024-05-01T10:05:00.000Z");
    assert.equal(iso("1714557900000"), "2024-05-01T10:05:00.000Z");
  });

  it("refuses what is not a time", () => {
    for (const v of [
      "",
      "yesterday",
      "2024-02-30T00:00:00Z",
      "2024-05-01",
      "2024-05-01T24:00:00Z",
      -1,
      1.5,
      null,
      {},
    ]) {
      assert.equal(parseProviderTime(v), undefined, String(v));
    }
  });

  it("round-trips any ISO instant", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1971-01-01"), max: new Date("2999-12-31"), noInvalidDate: true }),
        (d) => {
          assert.equal(parseProviderTime(d.toISOString())?.getTime(), d.getTime());
        },
      ),
    );
  });
});

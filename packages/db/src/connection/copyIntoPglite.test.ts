import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { PGlite } from "@electric-sql/pglite";
import { copyIntoPglite } from "./copyIntoPglite.mjs";

describe("copyIntoPglite", () => {
  let pglite: PGlite;
  const leftovers = () =>
    pglite.Module.FS.readdir("/tmp").filter((name: string) => name.startsWith("coinscious-"));
  before(async () => {
    pglite = await PGlite.create();
    await pglite.exec("CREATE TABLE t (n integer PRIMARY KEY, label text)");
  });
  after(() => pglite.close());

  it("copies text and binary data from a file it removes afterwards", async () => {
    assert.equal(
      await copyIntoPglite(
        pglite,
        pglite,
        "t (n, label)",
        Buffer.from("1\ta\tb\n2\t\\N\n".replace("a\tb", "a\\tb")),
        undefined,
      ),
      2,
    );
    // Binary: header, one row (n = 3, label NULL), trailer.
    const binary = Buffer.concat([
      Buffer.from("PGCOPY\n\xff\r\n\0", "latin1"),
      Buffer.alloc(8),
      Buffer.from([0, 2, 0, 0, 0, 4, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
    ]);
    assert.equal(await copyIntoPglite(pglite, pglite, "t (n, label)", binary, "binary"), 1);
    const { rows } = await pglite.query<{ n: number; label: string | null }>(
      "SELECT n, label FROM t ORDER BY n",
    );
    assert.deepEqual(rows, [
      { n: 1, label: "a\tb" },
      { n: 2, label: null },
      { n: 3, label: null },
    ]);
    assert.deepEqual(leftovers(), []);
  });

  it("removes the file when the COPY fails, and the transaction's error is PostgreSQL's", async () => {
    await assert.rejects(
      pglite.transaction((tx) =>
        copyIntoPglite(pglite, tx, "t (n, label)", Buffer.from("1\tagain\n"), undefined),
      ),
      { code: "23505" },
    );
    assert.deepEqual(leftovers(), []);
    assert.equal((await pglite.query<{ n: number }>("SELECT count(*)::int AS n FROM t")).rows[0]?.n, 3);
  });
});

import assert from "node:assert/strict";
import { it } from "node:test";
import { createDatabase } from "../connection/createDatabase.ts";
import { assertMigrationsCurrent } from "../migrate/assertMigrationsCurrent.ts";
import { createTestDatabase, withSearchPath } from "./createTestDatabase.ts";
import { describeDatabases } from "./describeDatabases.ts";

describeDatabases("createTestDatabase", (ctx) => {
  it("gives a migrated database", async () => {
    await assertMigrationsCurrent(ctx.db);
  });

  it("isolates databases from each other", async () => {
    const other = await ctx.createTestDatabase({ migrate: false });
    await ctx.db.exec("CREATE TABLE only_in_first (n int)");
    const { rows } = await other.query<{ t: string | null }>(
      "SELECT to_regclass('only_in_first')::text AS t",
    );
    assert.equal(rows[0]?.t, null);
    const { rows: migrations } = await other.query<{ t: string | null }>(
      "SELECT to_regclass('schema_migrations')::text AS t",
    );
    assert.equal(migrations[0]?.t, null, "migrate: false leaves the database empty");
    if (ctx.kind === "postgres") {
      assert.notEqual(other.schema, ctx.db.schema);
      const { rows: path } = await other.query<{ s: string }>("SELECT current_schema() AS s");
      assert.equal(path[0]?.s, other.schema);
    }
  });

  it("drop() removes the server schema and leaves nothing behind", async (t) => {
    if (ctx.kind !== "postgres") {
      t.skip("PGlite databases live in memory");
      return;
    }
    const url = process.env.TEST_DATABASE_URL as string;
    const db = await createTestDatabase({ url, migrate: false });
    const schema = db.schema as string;
    await db.drop();
    await db.drop(); // idempotent
    const admin = await createDatabase({ url });
    try {
      const { rows } = await admin.query<{ n: bigint }>(
        "SELECT count(*) AS n FROM information_schema.schemata WHERE schema_name = $1",
        [schema],
      );
      assert.equal(rows[0]?.n, 0n);
    } finally {
      await admin.close();
    }
  });
});

it("withSearchPath sets the search_path option on the URL", () => {
  const url = new URL(withSearchPath("postgres://u:p@h:5432/db?sslmode=disable", "s1"));
  assert.equal(url.searchParams.get("options"), "-c search_path=s1");
  assert.equal(url.searchParams.get("sslmode"), "disable");
});

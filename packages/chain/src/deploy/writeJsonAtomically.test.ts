import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { writeJsonAtomically } from "./writeJsonAtomically.ts";

describe("writeJsonAtomically", () => {
  it("creates folders, replaces the file whole and leaves no temporary file behind", async () => {
    const dir = await mkdtemp(join(tmpdir(), "coinscious-json-"));
    try {
      const path = join(dir, "deployments", "31337.json");
      await writeJsonAtomically(path, { a: 1 });
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => writeJsonAtomically(path, { a: i, pad: "x".repeat(10_000) })),
      );
      const value = JSON.parse(await readFile(path, "utf8"));
      assert.equal(value.pad.length, 10_000);
      assert.deepEqual(await readdir(join(dir, "deployments")), ["31337.json"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

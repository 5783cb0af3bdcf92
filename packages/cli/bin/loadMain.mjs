// Loads the CLI's `main`. The sources are TypeScript; through tsx, `coinscious index` spent ~10 s of a 23 s
// benchmark backfill compiling hundreds of modules before it indexed anything. So the bin runs one esbuild bundle
// of `src/main.ts`, cached under `packages/cli/.cache/` and keyed by the sources it may contain: the size and
// mtime of every file under `packages/*/src` and `packages/contracts/generated`, every workspace `package.json`
// and the lockfile. An edit to any of them makes the next start build a new bundle (~1–3 s, once). When esbuild
// is missing or the build fails, or with COINSCIOUS_CLI_TSX=1, the sources run through tsx as before.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { bundleEntry, WORKSPACE_DIR } from "../../../scripts/bundle.mjs";

const CLI_DIR = fileURLToPath(new URL("../", import.meta.url));
const ENTRY = join(CLI_DIR, "src", "main.ts");
const CACHE_DIR = join(CLI_DIR, ".cache");

/** @param {string} dir @param {import("node:crypto").Hash} hash */
function hashTree(dir, hash) {
  let names;
  try {
    names = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  names.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of names) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) hashTree(path, hash);
    else if (entry.isFile()) {
      const s = statSync(path);
      hash.update(`${path}\0${s.size}\0${s.mtimeMs}\n`);
    }
  }
}

/** The cache key: what the bundle was built from, as far as a stat walk can tell (~370 files, a few ms). */
function sourceKey() {
  const hash = createHash("sha256");
  hash.update(
    `${process.version}\n${readFileSync(new URL(import.meta.url))}\n${readFileSync(join(WORKSPACE_DIR, "scripts", "bundle.mjs"))}\n`,
  );
  const packages = join(WORKSPACE_DIR, "packages");
  for (const name of readdirSync(packages).sort()) {
    hashTree(join(packages, name, "src"), hash);
    for (const file of ["package.json"]) {
      try {
        const s = statSync(join(packages, name, file));
        hash.update(`${name}/${file}\0${s.size}\0${s.mtimeMs}\n`);
      } catch {}
    }
  }
  hashTree(join(packages, "contracts", "generated"), hash);
  for (const file of ["package-lock.json", "package.json"]) {
    try {
      const s = statSync(join(WORKSPACE_DIR, file));
      hash.update(`${file}\0${s.size}\0${s.mtimeMs}\n`);
    } catch {}
  }
  return hash.digest("hex").slice(0, 16);
}

async function viaTsx() {
  const { register } = await import("tsx/esm/api");
  register();
  return (await import("../src/main.ts")).main;
}

/** @returns {Promise<(argv: string[]) => Promise<number>>} */
export async function loadMain() {
  if (process.env.COINSCIOUS_CLI_TSX === "1") return viaTsx();
  let bundle;
  try {
    bundle = join(CACHE_DIR, `main-${sourceKey()}.mjs`);
    try {
      statSync(bundle);
    } catch {
      mkdirSync(CACHE_DIR, { recursive: true });
      const temp = `${bundle}.${process.pid}.tmp.mjs`;
      await bundleEntry({ entry: ENTRY, outfile: temp });
      renameSync(temp, bundle); // atomic: a concurrent start sees no half-written bundle
      for (const old of readdirSync(CACHE_DIR))
        if (old.startsWith("main-") && join(CACHE_DIR, old) !== bundle && !old.includes(".tmp."))
          rmSync(join(CACHE_DIR, old), { force: true });
    }
  } catch (error) {
    if (process.env.COINSCIOUS_CLI_DEBUG === "1")
      process.stderr.write(
        `coinscious: no bundle (${error instanceof Error ? error.message : error}); using tsx\n`,
      );
    return viaTsx();
  }
  try {
    return (await import(pathToFileURL(bundle).href)).main;
  } catch (error) {
    // A concurrent start whose sources differ (edited meanwhile) prunes other bundles: ours may be gone already.
    if (/** @type {NodeJS.ErrnoException} */ (error).code !== "ERR_MODULE_NOT_FOUND") throw error;
    return viaTsx();
  }
}

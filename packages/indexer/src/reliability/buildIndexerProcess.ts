/**
 * Makes {@link ./indexerProcess.ts} cheap to start many times. Through tsx a child loads hundreds of modules
 * (viem, the chain package's index) before it runs: 2–6 s of CPU per start on the 2-core CI machine, which twenty
 * restarts per engine cannot afford. One esbuild bundle (esbuild comes with tsx) starts in well under a second.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleEntry } from "../../../../scripts/bundle.mjs";

/** How to start the child: the node arguments that precede its JSON configuration. */
export type IndexerProgram = {
  kind: "bundle" | "tsx";
  nodeArgs: string[];
  /** Removes the bundle (a no-op for the tsx fallback). */
  dispose(): Promise<void>;
};

const ENTRY = fileURLToPath(new URL("./indexerProcess.ts", import.meta.url));

/** The tsx way: always works, starts slowly. */
export const tsxProgram: IndexerProgram = {
  kind: "tsx",
  nodeArgs: ["--import", "tsx", ENTRY],
  dispose: async () => {},
};

/**
 * Bundles the child into one ESM file in a temp directory with the repository's `scripts/bundle.mjs` (the same
 * bundler as the `coinscious` bin: every workspace module keeps its own `import.meta.url`; PGlite and pg stay
 * external). Falls back to {@link tsxProgram} when esbuild cannot be loaded or fails.
 *
 * @example
 * const program = await buildIndexerProcess();
 * const child = spawnIndexerProcess(config, program);
 * // …
 * await program.dispose();
 */
export async function buildIndexerProcess(): Promise<IndexerProgram> {
  const dir = await mkdtemp(join(tmpdir(), "coinscious-indexer-process-"));
  const outfile = join(dir, "indexerProcess.mjs");
  try {
    await bundleEntry({ entry: ENTRY, outfile });
  } catch (error) {
    console.warn(
      `buildIndexerProcess: bundling failed (${(error as Error).message}); children start through tsx`,
    );
    await rm(dir, { recursive: true, force: true });
    return tsxProgram;
  }
  return { kind: "bundle", nodeArgs: [outfile], dispose: () => rm(dir, { recursive: true, force: true }) };
}

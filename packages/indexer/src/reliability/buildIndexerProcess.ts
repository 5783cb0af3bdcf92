/**
 * Makes {@link ./indexerProcess.ts} cheap to start many times. Through tsx a child loads hundreds of modules
 * (viem, the chain package's index) before it runs: 2–6 s of CPU per start on the 2-core CI machine, which twenty
 * restarts per engine cannot afford. One esbuild bundle (esbuild comes with tsx) starts in well under a second.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** How to start the child: the node arguments that precede its JSON configuration. */
export type IndexerProgram = {
  kind: "bundle" | "tsx";
  nodeArgs: string[];
  /** Removes the bundle (a no-op for the tsx fallback). */
  dispose(): Promise<void>;
};

const ENTRY = fileURLToPath(new URL("./indexerProcess.ts", import.meta.url));
const WORKSPACE = fileURLToPath(new URL("../../../", import.meta.url));

/** The tsx way: always works, starts slowly. */
export const tsxProgram: IndexerProgram = {
  kind: "tsx",
  nodeArgs: ["--import", "tsx", ENTRY],
  dispose: async () => {},
};

/**
 * Bundles the child into one ESM file in a temp directory. The semantics stay those of the sources: every
 * workspace module keeps its own `import.meta.url` (the chain package resolves Safe artifacts and the db package
 * its migrations folder from it), and PGlite (wasm next to its module) and pg stay external, imported by absolute
 * path. Falls back to {@link tsxProgram} when esbuild cannot be loaded or fails.
 *
 * @example
 * const program = await buildIndexerProcess();
 * const child = spawnIndexerProcess(config, program);
 * // …
 * await program.dispose();
 */
export async function buildIndexerProcess(): Promise<IndexerProgram> {
  let esbuild: typeof import("esbuild");
  try {
    esbuild = await import("esbuild");
  } catch (error) {
    console.warn(`buildIndexerProcess: no esbuild (${(error as Error).message}); children start through tsx`);
    return tsxProgram;
  }
  const dir = await mkdtemp(join(tmpdir(), "coinscious-indexer-process-"));
  const outfile = join(dir, "indexerProcess.mjs");
  try {
    await esbuild.build({
      entryPoints: [ENTRY],
      outfile,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      logLevel: "silent",
      // Bundled CommonJS calls `require`; give it one without declaring a name a module may use.
      banner: {
        js: 'import { createRequire as __coinsciousRequire } from "node:module"; globalThis.require ??= __coinsciousRequire(import.meta.url);',
      },
      plugins: [
        {
          name: "keep-module-urls",
          setup(build) {
            build.onResolve({ filter: /^(@electric-sql\/pglite|pg)(\/.*)?$/ }, async (args) => {
              if (args.pluginData === "resolving") return undefined;
              const resolved = await build.resolve(args.path, {
                kind: args.kind,
                resolveDir: args.resolveDir,
                pluginData: "resolving",
              });
              return { path: resolved.path, external: true };
            });
            build.onLoad({ filter: /\.ts$/ }, async (args) => {
              if (!args.path.startsWith(WORKSPACE)) return undefined;
              const source = await readFile(args.path, "utf8");
              const url = JSON.stringify(pathToFileURL(args.path).href);
              return { contents: source.replaceAll("import.meta.url", url), loader: "ts" };
            });
          },
        },
      ],
    });
  } catch (error) {
    console.warn(
      `buildIndexerProcess: bundling failed (${(error as Error).message}); children start through tsx`,
    );
    await rm(dir, { recursive: true, force: true });
    return tsxProgram;
  }
  return { kind: "bundle", nodeArgs: [outfile], dispose: () => rm(dir, { recursive: true, force: true }) };
}

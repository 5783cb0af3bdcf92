// Bundles a workspace entry (TypeScript) into one ESM file with esbuild, keeping the semantics of the sources
// run through tsx: every workspace module keeps its own `import.meta.url` (the chain package resolves the Safe
// artifacts, the db package its migrations folder and its PGlite template cache from it), and packages that load
// files next to their own module (PGlite's wasm) or must stay one instance (pg) are left external, imported by
// absolute path. Used by the `coinscious` bin (start-up: one file parses in ~0.5 s where tsx compiles hundreds of
// modules in 3–10 s) and by the indexer's reliability suite (twenty restarts per engine).
import { readFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The repository root (this file lives in `<root>/scripts`). */
export const WORKSPACE_DIR = fileURLToPath(new URL("../", import.meta.url));

const EXTERNAL = /^(@electric-sql\/pglite|pg)(\/.*)?$/;

/**
 * @param {{ entry: string, outfile: string, esbuild?: typeof import("esbuild") }} options
 *   `entry`: absolute path of a `.ts` module; `outfile`: where the bundle goes (its directory must exist).
 * @returns {Promise<void>} rejects when esbuild is missing or the build fails.
 */
export async function bundleEntry({ entry, outfile, esbuild }) {
  const build = esbuild ?? (await import("esbuild"));
  await build.build({
    entryPoints: [entry],
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
        setup(b) {
          b.onResolve({ filter: EXTERNAL }, async (args) => {
            if (args.pluginData === "resolving") return undefined;
            const resolved = await b.resolve(args.path, {
              kind: args.kind,
              resolveDir: args.resolveDir,
              pluginData: "resolving",
            });
            return { path: resolved.path, external: true };
          });
          b.onLoad({ filter: /\.ts$/ }, async (args) => {
            if (!args.path.startsWith(WORKSPACE_DIR) || args.path.includes("/node_modules/"))
              return undefined;
            const source = await readFile(args.path, "utf8");
            const url = JSON.stringify(pathToFileURL(args.path).href);
            return { contents: source.replaceAll("import.meta.url", url), loader: "ts" };
          });
        },
      },
    ],
  });
}

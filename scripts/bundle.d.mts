/** The repository root. */
export declare const WORKSPACE_DIR: string;
/** Bundles a workspace TypeScript entry into one ESM file (see bundle.mjs). */
export declare function bundleEntry(options: {
  entry: string;
  outfile: string;
  esbuild?: typeof import("esbuild");
}): Promise<void>;

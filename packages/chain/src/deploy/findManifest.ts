import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { DeploymentManifest } from "./types.ts";

/** Where the manifest of chain `chainId` lives under `manifestDir`. */
export function manifestPath(manifestDir: string, chainId: number): string {
  return join(manifestDir, "deployments", `${chainId}.json`);
}

/**
 * Reads `deployments/<chainId>.json` under `manifestDir`; undefined when there is none yet.
 *
 * @example
 * const manifest = await findManifest("/srv/coinscious", 8453);
 * if (manifest?.status === "complete") console.log(manifest.contracts.token?.address);
 */
export async function findManifest(
  manifestDir: string,
  chainId: number,
): Promise<DeploymentManifest | undefined> {
  let text: string;
  try {
    text = await readFile(manifestPath(manifestDir, chainId), "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
  return JSON.parse(text) as DeploymentManifest;
}

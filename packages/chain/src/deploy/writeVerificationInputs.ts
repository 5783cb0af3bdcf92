import { copyFile, mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { compilerVersion } from "@coinscious/contracts";
import { type ContractKey, contractKeys, type DeploymentPlan } from "./planDeployment.ts";
import { writeJsonAtomically } from "./writeJsonAtomically.ts";

/** `packages/contracts/generated/standard-input.json`, found through the contracts package's entry point. */
export function defaultStandardInputPath(): string {
  return join(
    dirname(createRequire(import.meta.url).resolve("@coinscious/contracts")),
    "standard-input.json",
  );
}

/**
 * Writes what an explorer needs to verify each contract (Basescan's "standard JSON input" form or
 * `forge verify-contract`): the build's standard-JSON compiler input, once, as
 * `deployments/<chainId>/standard-input.json`, and per contract `deployments/<chainId>/<key>.json` with the
 * contract name, source path, compiler version, ABI-encoded constructor arguments and address.
 * Returns the paths relative to `deployments/`, for the manifest.
 *
 * @example
 * const files = await writeVerificationInputs({ manifestDir, chainId, plan });
 */
export async function writeVerificationInputs(p: {
  manifestDir: string;
  chainId: number;
  plan: DeploymentPlan;
  standardInputPath?: string;
}): Promise<{ standardInput: string; contracts: Record<ContractKey, string> }> {
  const dir = join(p.manifestDir, "deployments", String(p.chainId));
  await mkdir(dir, { recursive: true });
  await copyFile(p.standardInputPath ?? defaultStandardInputPath(), join(dir, "standard-input.json"));
  const contracts = {} as Record<ContractKey, string>;
  for (const key of contractKeys) {
    const c = p.plan.contracts[key];
    await writeJsonAtomically(join(dir, `${key}.json`), {
      contractName: c.contractName,
      sourcePath: c.sourcePath,
      fullyQualifiedName: `${c.sourcePath}:${c.contractName}`,
      compilerVersion: `v${compilerVersion.replace(".Emscripten.clang", "")}`,
      constructorArgs: c.constructorArgs,
      address: c.address,
      standardInput: "standard-input.json",
    });
    contracts[key] = `${p.chainId}/${key}.json`;
  }
  return { standardInput: `${p.chainId}/standard-input.json`, contracts };
}

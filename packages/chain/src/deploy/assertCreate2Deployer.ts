import { type Hex, keccak256 } from "viem";
import type { ChainPublicClient } from "../types.ts";
import { Create2DeployerMissingError } from "./errors.ts";
import { DETERMINISTIC_DEPLOYER } from "./planDeployment.ts";

/** Runtime code of the deterministic deployment proxy (github.com/Arachnid/deterministic-deployment-proxy). */
export const DETERMINISTIC_DEPLOYER_CODE: Hex =
  "0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe03601600081602082378035828234f58015156039578182fd5b8082525050506014600cf3";

/**
 * Checks that the deterministic deployment proxy is on the chain with exactly its known code — every address of
 * the deployment depends on it, and a look-alike could deploy something else. Throws `CREATE2_DEPLOYER_MISSING`.
 *
 * @example
 * await assertCreate2Deployer(publicClient);
 */
export async function assertCreate2Deployer(publicClient: ChainPublicClient): Promise<void> {
  const code = await publicClient.getCode({ address: DETERMINISTIC_DEPLOYER });
  if (code === undefined || code === "0x")
    throw new Create2DeployerMissingError(DETERMINISTIC_DEPLOYER, null);
  if (code.toLowerCase() !== DETERMINISTIC_DEPLOYER_CODE)
    throw new Create2DeployerMissingError(DETERMINISTIC_DEPLOYER, keccak256(code));
}

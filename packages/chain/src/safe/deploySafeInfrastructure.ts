import { concat, type Hex, isHex, size, zeroHash } from "viem";
import type { ChainPublicClient, ChainWalletClient } from "../types.ts";
import { safeArtifacts } from "./abis.ts";
import { SafeError } from "./errors.ts";
import { expectedRuntimeCode } from "./expectedRuntimeCode.ts";
import {
  DETERMINISTIC_DEPLOYER,
  DETERMINISTIC_DEPLOYER_CODE,
  predictSafeInfrastructure,
  SAFE_INFRASTRUCTURE_CONTRACTS,
} from "./predictSafeInfrastructure.ts";
import type { SafeInfrastructure } from "./types.ts";

export type DeploySafeInfrastructureParameters = {
  publicClient: ChainPublicClient;
  walletClient: ChainWalletClient;
  /** CREATE2 salt; defaults to bytes32(0). A different salt gives a separate set of contracts. */
  salt?: Hex;
};

export type DeploySafeInfrastructureReturnType = SafeInfrastructure;

/**
 * Deploys the Safe 1.4.1 infrastructure — SafeL2 singleton, SafeProxyFactory, CompatibilityFallbackHandler,
 * MultiSend, MultiSendCallOnly — with CREATE2 through the deterministic deployment proxy, so the addresses
 * depend only on the salt. Idempotent: a contract whose address already holds exactly the expected code is
 * skipped, so a re-run (or an interrupted run) just completes the set. Sends at most five transactions, one
 * after the other, each waited for.
 *
 * Throws `SafeError`: `DEPLOYER_MISSING` (no deployment proxy on the chain), `CODE_MISMATCH` (an address holds
 * other code), `DEPLOYMENT_FAILED` (a deployment reverted or left no code).
 *
 * @example
 * const infra = await deploySafeInfrastructure({ publicClient, walletClient });
 * // { safeSingleton, safeProxyFactory, fallbackHandler, multiSend, multiSendCallOnly }
 */
export async function deploySafeInfrastructure({
  publicClient,
  walletClient,
  salt = zeroHash,
}: DeploySafeInfrastructureParameters): Promise<DeploySafeInfrastructureReturnType> {
  if (!isHex(salt) || size(salt) !== 32) {
    throw new SafeError("INVALID_ARGUMENT", "salt must be 32 bytes of hex", { details: { salt } });
  }
  const deployerCode = await publicClient.getCode({ address: DETERMINISTIC_DEPLOYER });
  if (deployerCode?.toLowerCase() !== DETERMINISTIC_DEPLOYER_CODE) {
    throw new SafeError(
      "DEPLOYER_MISSING",
      `the deterministic deployment proxy ${DETERMINISTIC_DEPLOYER} is not on this chain (deploy it with its ` +
        "pre-signed transaction first)",
      { details: { address: DETERMINISTIC_DEPLOYER, found: deployerCode ?? "0x" } },
    );
  }

  const infrastructure = predictSafeInfrastructure(salt);
  for (const [key, name] of SAFE_INFRASTRUCTURE_CONTRACTS) {
    const address = infrastructure[key];
    const expected = expectedRuntimeCode(name, address);
    const existing = (await publicClient.getCode({ address }))?.toLowerCase();
    if (existing !== undefined && existing !== "0x") {
      if (existing === expected) continue;
      throw new SafeError("CODE_MISMATCH", `${address} (${name}) holds unexpected code`, {
        details: { address, contract: name },
      });
    }
    const hash = await walletClient.sendTransaction({
      to: DETERMINISTIC_DEPLOYER,
      data: concat([salt, safeArtifacts[name].bytecode]),
    });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    const deployed = (await publicClient.getCode({ address }))?.toLowerCase();
    if (receipt.status !== "success" || deployed !== expected) {
      throw new SafeError("DEPLOYMENT_FAILED", `deploying ${name} at ${address} failed`, {
        details: { address, contract: name, transactionHash: hash, status: receipt.status },
      });
    }
  }
  return infrastructure;
}

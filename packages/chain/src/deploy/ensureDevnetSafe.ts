import { type AbiEvent, encodeAbiParameters, type Hex, hexToBigInt, keccak256 } from "viem";
import { createSafe, deploySafeInfrastructure, getSafeInfo, safeAbi } from "../safe/index.ts";
import { assertSafeMatches } from "./assertSafeMatches.ts";
import type { DeployContext } from "./sendDeployTransaction.ts";
import type { ManifestSafe } from "./types.ts";
import type { DeployConfig } from "./validateDeployConfig.ts";

/**
 * On the devnet: deploys the Safe 1.4.1 infrastructure and creates the issuer's Safe (owners and threshold from
 * the config, salt nonce derived from the deploy salt), both deterministic and idempotent through the Safe
 * layer, then checks the Safe and records it in the manifest. A re-run sends nothing.
 *
 * @example
 * const safe = await ensureDevnetSafe(ctx, config);
 */
export async function ensureDevnetSafe(
  ctx: DeployContext,
  config: Pick<DeployConfig, "salt" | "safe">,
): Promise<ManifestSafe> {
  const { publicClient, walletClient } = ctx;
  const infrastructure = await deploySafeInfrastructure({ publicClient, walletClient });
  const address = await createSafe({
    publicClient,
    walletClient,
    infrastructure,
    owners: config.safe.owners,
    threshold: config.safe.threshold,
    saltNonce: safeSaltNonce(config.salt),
  });
  const info = await getSafeInfo(publicClient, address);
  const [setup] = await publicClient.getLogs({
    address,
    event: safeAbi.find((i) => i.type === "event" && i.name === "SafeSetup") as AbiEvent,
    fromBlock: 0n,
  });
  await assertSafeMatches(publicClient, address, info, {
    owners: config.safe.owners,
    threshold: config.safe.threshold,
    singletons: [infrastructure.safeSingleton],
  });
  const safe: ManifestSafe = {
    address,
    owners: [...info.owners],
    threshold: Number(info.threshold),
    version: info.version,
    origin: "created",
    ...(setup?.blockNumber == null ? {} : { blockNumber: Number(setup.blockNumber) }),
    infrastructure: {
      safeSingleton: infrastructure.safeSingleton,
      safeProxyFactory: infrastructure.safeProxyFactory,
      fallbackHandler: infrastructure.fallbackHandler,
      multiSend: infrastructure.multiSend,
      multiSendCallOnly: infrastructure.multiSendCallOnly,
    },
  };
  ctx.manifest.safe = safe;
  await ctx.save();
  ctx.log({ type: "step", step: "safe", status: "done", address });
  return safe;
}

/** The Safe's CREATE2 salt nonce: a function of the deploy salt, so each deployment gets its own Safe. */
function safeSaltNonce(salt: Hex): bigint {
  return hexToBigInt(
    keccak256(encodeAbiParameters([{ type: "bytes32" }, { type: "string" }], [salt, "coinscious.safe"])),
  );
}

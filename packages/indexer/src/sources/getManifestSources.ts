import { type DeploymentManifest, safeAbi } from "@coinscious/chain";
import {
  investorRegistryAbi,
  logAnchorAbi,
  securityTokenAbi,
  timelockControllerAbi,
  tokenFactoryAbi,
} from "@coinscious/contracts";
import { type Abi, getAddress } from "viem";
import { minBigInt } from "../common/minBigInt.ts";
import { InvalidSourcesError } from "../errors/errors.ts";
import type { IndexerContract, IndexerFactory, IndexerSources } from "./types.ts";

/** The parts of a deployment manifest the indexer reads. */
export type ManifestSourcesInput = Pick<
  DeploymentManifest,
  "chainId" | "startBlock" | "contracts" | "safe" | "timelock"
>;

/**
 * The contracts to index for a deployment: the token class, the investor registry (its proxy), LogAnchor,
 * the timelock, the issuer's Safe, and the TokenFactory — both as a contract (its own events) and as a factory
 * whose `TokenClassCreated` events add later classes. Each contract starts at its deployment block, or at
 * the manifest's `startBlock` when that is unknown (a Safe that existed before the deployment: its older
 * history is not the platform's business). Implementation contracts are not indexed (their proxies are).
 *
 * @throws {InvalidSourcesError} `INVALID_INDEXER_SOURCES` when the manifest has no token class.
 *
 * @example
 * const manifest = await findManifest(dir, 8453);
 * const sources = getManifestSources(manifest);
 * const sync = createSync({ publicClient, sources, store });
 */
export function getManifestSources(manifest: ManifestSourcesInput): IndexerSources {
  const blocks = Object.values(manifest.contracts)
    .map((c) => c?.blockNumber)
    .filter((n): n is number => typeof n === "number");
  const fallback = BigInt(manifest.startBlock ?? (blocks.length > 0 ? Math.min(...blocks) : 0));
  const contracts: IndexerContract[] = [];
  const add = (name: string, address: string | undefined, abi: Abi, blockNumber?: number | null) => {
    if (address === undefined) return;
    contracts.push({ name, address: getAddress(address), abi, startBlock: BigInt(blockNumber ?? fallback) });
  };
  const c = manifest.contracts;
  if (c.token === undefined) throw new InvalidSourcesError("The manifest has no token class to index");
  add("token", c.token.address, securityTokenAbi as Abi, c.token.blockNumber);
  add("registry", c.registry?.address, investorRegistryAbi as Abi, c.registry?.blockNumber);
  add("logAnchor", c.logAnchor?.address, logAnchorAbi as Abi, c.logAnchor?.blockNumber);
  add(
    "timelock",
    manifest.timelock?.address ?? c.timelock?.address,
    timelockControllerAbi as Abi,
    c.timelock?.blockNumber,
  );
  add("safe", manifest.safe?.address, safeAbi, manifest.safe?.blockNumber);
  add("factory", c.factory?.address, tokenFactoryAbi as Abi, c.factory?.blockNumber);
  const factories: IndexerFactory[] =
    c.factory === undefined
      ? []
      : [
          {
            name: "factory",
            address: getAddress(c.factory.address),
            abi: tokenFactoryAbi as Abi,
            eventName: "TokenClassCreated",
            addressArgument: "token",
            child: { name: "token", abi: securityTokenAbi as Abi },
            startBlock: BigInt(c.factory.blockNumber ?? fallback),
          },
        ];
  const starts = [...contracts, ...factories].map((s) => s.startBlock);
  const startBlock = minBigInt(fallback, ...starts);
  return { chainId: manifest.chainId, startBlock, contracts, factories };
}

import type { Address, Hex } from "viem";
import type { ContractKey } from "./planDeployment.ts";
import type { RoleTable } from "./planRoles.ts";

/** One deployed contract in the manifest. */
export type ManifestContract = {
  address: Address;
  contractName: string;
  /** The transaction that created it; null when it was found on chain without a recorded transaction. */
  txHash: Hex | null;
  blockNumber: number | null;
  /** keccak256 of the artifact's creation bytecode (see `codeHash` for what is on chain). */
  artifactHash: Hex;
  /** keccak256 of the runtime code at `address` (EXTCODEHASH). */
  codeHash: Hex;
  salt: Hex;
  /** ERC-1967 proxies: the implementation behind it. */
  implementation?: Address;
};

/** The issuer's Safe and the Safe 1.4.1 contracts around it (the proposal layer needs MultiSendCallOnly). */
export type ManifestSafe = {
  address: Address;
  owners: Address[];
  threshold: number;
  version: string;
  /** `created` on the devnet (by this deployment), `existing` on public networks (from config). */
  origin: "created" | "existing";
  /**
   * Block of the Safe's `SafeSetup` (its creation) when known — recorded for the Safes the deployment creates, so
   * the indexer sees their initial owners and threshold.
   */
  blockNumber?: number | undefined;
  infrastructure: {
    safeSingleton: Address;
    safeProxyFactory: Address;
    fallbackHandler: Address;
    multiSend: Address;
    multiSendCallOnly: Address;
  };
};

/** Every transaction the deployment sent, in order; `blockNumber` null while pending (a crash may leave one). */
export type ManifestTransaction = {
  step: string;
  hash: Hex;
  blockNumber: number | null;
  gasUsed: string | null;
  status: "pending" | "success" | "reverted" | "dropped";
};

/** `deployments/<chainId>.json` — everything another process needs to use (and re-verify) a deployment. */
export type DeploymentManifest = {
  version: 1;
  network: string;
  chainId: number;
  /** Hash of block 0: tells one devnet (chain 31337) from the next, so a stale manifest is not trusted. */
  genesisHash: Hex;
  /** `partial` until the final role checks pass. */
  status: "partial" | "complete";
  deployer: Address;
  salt: Hex;
  /** First block that holds a deployed contract — where the indexer starts. */
  startBlock: number | null;
  compiler: { version: string; sourceHash: Hex };
  contracts: Partial<Record<ContractKey, ManifestContract>>;
  tokenClass?: {
    salt: Hex;
    config: Record<string, string | number | boolean | number[]>;
  };
  safe?: ManifestSafe;
  timelock?: { address: Address; minDelay: string; executor: "anyone" | "safe" };
  roles: RoleTable;
  transactions: ManifestTransaction[];
  /** Explorer verification inputs, relative to the manifest's folder. */
  verification?: { standardInput: string; contracts: Partial<Record<ContractKey, string>> };
};

/** A structured progress event (the CLI prints them; tests count them). */
export type DeployEvent =
  | { type: "step"; step: string; status: "exists" | "deploying" | "done"; address?: Address }
  | { type: "tx"; step: string; hash: Hex; status: "sent" | "confirmed"; gasUsed?: bigint }
  | { type: "info" | "warn"; message: string; details?: Record<string, unknown> };

/** Receives progress events. Must not throw. */
export type DeployLog = (event: DeployEvent) => void;

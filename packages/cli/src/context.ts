import { readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  assertChainId,
  type ChainPublicClient,
  type ChainWalletClient,
  createChainClients,
  createJsonProposalStore,
  type DeploymentManifest,
  findManifest,
  type ProposalStore,
  resolveSigner,
} from "@coinscious/chain";
import { CoinsciousError } from "@coinscious/core";
import type { LocalAccount } from "viem";
import { type Config, loadConfig } from "./config.ts";
import { UsageError } from "./errors.ts";

/** Common connection flags of the chain commands. */
export type ConnectionFlags = {
  network?: string;
  rpcUrl?: string;
  rpcUrlBackup?: string;
  devAccount?: string;
};

export const connectionOptions = {
  network: { type: "string" },
  "rpc-url": { type: "string" },
  "rpc-url-backup": { type: "string" },
  "dev-account": { type: "string" },
  json: { type: "boolean" },
} as const;

/** The `.coinscious/dev.json` written by `coinscious dev` once everything is up. */
export type DevInfo = {
  rpcUrl: string;
  chainId: number;
  safe: string;
  token: string;
  registry: string;
  apiUrl?: string;
  consoleUrl?: string;
};

export async function readDevInfo(home: string): Promise<DevInfo | undefined> {
  try {
    return JSON.parse(await readFile(join(home, "dev.json"), "utf8")) as DevInfo;
  } catch {
    return undefined;
  }
}

export type ChainContext = {
  config: Config;
  chainId: number;
  publicClient: ChainPublicClient;
  /** Where this network's deployment manifest lives (`.coinscious` for the `dev` devnet, else the cwd). */
  manifestDir: string;
  proposalsPath: string;
};

/**
 * Connects to the selected network: RPC from the flags, the environment, or (devnet) the running
 * `coinscious dev`; refuses a node whose chain id differs from the network's.
 */
export async function connect(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<ChainContext> {
  const config = loadConfig(env, { ...(flags.network === undefined ? {} : { network: flags.network }), cwd });
  let rpcUrl = flags.rpcUrl ?? config.rpcUrl;
  let manifestDir = config.manifestDir;
  if (rpcUrl === undefined && config.network === "devnet") {
    const dev = await readDevInfo(config.home);
    if (dev) {
      rpcUrl = dev.rpcUrl;
      manifestDir = config.home;
    }
  }
  if (rpcUrl === undefined) {
    throw new UsageError(
      config.network === "devnet"
        ? "no devnet running: start `npm start` (coinscious dev) or pass --rpc-url / RPC_URL"
        : `RPC_URL (or --rpc-url) is required for ${config.network}`,
    );
  }
  const { publicClient } = createChainClients({
    network: config.network,
    rpcUrl,
    ...((flags.rpcUrlBackup ?? config.rpcUrlBackup)
      ? { rpcUrlBackup: flags.rpcUrlBackup ?? config.rpcUrlBackup }
      : {}),
    retryCount: 2,
    timeoutMs: 5_000,
  });
  await assertChainId(publicClient, config.network);
  const chainId = await publicClient.getChainId();
  return {
    config: { ...config, rpcUrl },
    chainId,
    publicClient,
    manifestDir,
    proposalsPath: join(config.home, "proposals", `${chainId}.json`),
  };
}

/** The signing account: `--dev-account N` (devnet only), else PRIVATE_KEY, else the keystore. */
export async function signer(ctx: ChainContext, flags: ConnectionFlags): Promise<LocalAccount> {
  const c = ctx.config;
  if (flags.devAccount !== undefined) {
    const index = Number(flags.devAccount);
    if (!Number.isInteger(index))
      throw new UsageError(`--dev-account must be 0..9, got "${flags.devAccount}"`);
    return resolveSigner({ network: c.network, devAccountIndex: index });
  }
  if (c.privateKey !== undefined) return resolveSigner({ network: c.network, privateKey: c.privateKey });
  if (c.keystorePath !== undefined) {
    let password: string;
    if (c.keystorePasswordFile !== undefined) {
      password = (await readFile(c.keystorePasswordFile, "utf8")).replace(/\r?\n$/, "");
    } else if (process.stdin.isTTY) {
      password = await promptHidden(`password for ${c.keystorePath}: `);
    } else {
      throw new UsageError(
        "KEYSTORE_PASSWORD_FILE is required with KEYSTORE_PATH when there is no terminal to ask",
      );
    }
    return resolveSigner({ network: c.network, keystorePath: c.keystorePath, keystorePassword: password });
  }
  if (c.network === "devnet") return resolveSigner({ network: "devnet", devAccountIndex: 0 });
  throw new UsageError("no signer: set PRIVATE_KEY, or KEYSTORE_PATH with KEYSTORE_PASSWORD_FILE");
}

/** Reads a line from the terminal without echoing it. */
async function promptHidden(question: string): Promise<string> {
  const { createInterface } = await import("node:readline");
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const output = rl as unknown as { _writeToOutput: (s: string) => void };
  process.stderr.write(question);
  output._writeToOutput = () => {};
  try {
    return await new Promise<string>((resolve) => rl.question("", resolve));
  } finally {
    rl.close();
    process.stderr.write("\n");
  }
}

export function walletFor(ctx: ChainContext, account: LocalAccount): ChainWalletClient {
  const rpcUrl = ctx.config.rpcUrl as string;
  return createChainClients({
    network: ctx.config.network,
    rpcUrl,
    ...(ctx.config.rpcUrlBackup ? { rpcUrlBackup: ctx.config.rpcUrlBackup } : {}),
    account,
  }).walletClient;
}

export async function manifestOf(ctx: ChainContext): Promise<DeploymentManifest> {
  const manifest = await findManifest(ctx.manifestDir, ctx.chainId);
  if (manifest?.status !== "complete") {
    throw new CoinsciousError(
      "NOT_DEPLOYED",
      `no complete deployment for chain ${ctx.chainId} under ${ctx.manifestDir}: run \`coinscious deploy --network ${ctx.config.network}\``,
      { details: { chainId: ctx.chainId } },
    );
  }
  return manifest;
}

export function proposalStore(ctx: ChainContext): ProposalStore {
  return createJsonProposalStore(ctx.proposalsPath);
}

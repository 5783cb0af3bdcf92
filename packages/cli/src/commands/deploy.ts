import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { type DeployEvent, deployPlatform, manifestPath } from "@coinscious/chain";
import { connect, connectionOptions, signer, walletFor } from "../context.ts";
import { devnetDeployConfig } from "../devnetDefaults.ts";
import { UsageError } from "../errors.ts";
import type { Command } from "../main.ts";

export const deployCommand: Command = {
  summary: "deploy the contracts (registry, token class, LogAnchor, timelock, Safe on devnet); resumable",
  usage:
    "coinscious deploy --network <devnet|base-sepolia|base> [--config deploy.json] [--rpc-url URL] [--rpc-url-backup URL] [--dev-account N]",
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { ...connectionOptions, config: { type: "string" } },
      strict: true,
    });
    const flags = {
      ...(values.network === undefined ? {} : { network: values.network }),
      ...(values["rpc-url"] === undefined ? {} : { rpcUrl: values["rpc-url"] }),
      ...(values["rpc-url-backup"] === undefined ? {} : { rpcUrlBackup: values["rpc-url-backup"] }),
      ...(values["dev-account"] === undefined ? {} : { devAccount: values["dev-account"] }),
    };
    const ctx = await connect(flags, io.env, io.cwd);
    const account = await signer(ctx, flags);
    let config: unknown;
    if (values.config !== undefined) {
      try {
        config = JSON.parse(await readFile(values.config, "utf8"));
      } catch (err) {
        throw new UsageError(`cannot read the deploy config ${values.config}: ${(err as Error).message}`);
      }
    } else if (ctx.config.network === "devnet") {
      config = devnetDeployConfig();
    } else {
      throw new UsageError(`--config is required for ${ctx.config.network}`);
    }
    const { manifest, sent, gasUsed } = await deployPlatform({
      publicClient: ctx.publicClient,
      walletClient: walletFor(ctx, account),
      network: ctx.config.network,
      config,
      manifestDir: ctx.manifestDir,
      log: (e) => io.err(describe(e)),
    });
    io.out(`deployed to chain ${manifest.chainId}: ${sent.length} transactions, ${gasUsed} gas`);
    for (const [name, c] of Object.entries(manifest.contracts)) io.out(`  ${name.padEnd(24)} ${c?.address}`);
    if (manifest.safe)
      io.out(
        `  ${"safe".padEnd(24)} ${manifest.safe.address} (${manifest.safe.threshold}-of-${manifest.safe.owners.length})`,
      );
    io.out(`manifest: ${manifestPath(ctx.manifestDir, manifest.chainId)}`);
    return 0;
  },
};

function describe(e: DeployEvent): string {
  if (e.type === "step") return `step ${e.step}: ${e.status}${e.address ? ` ${e.address}` : ""}`;
  if (e.type === "tx")
    return `tx ${e.step}: ${e.status} ${e.hash}${e.gasUsed === undefined ? "" : ` (${e.gasUsed} gas)`}`;
  return `${e.type}: ${e.message}`;
}

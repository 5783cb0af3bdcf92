import { readFile, rm } from "node:fs/promises";
import { isAbsolute, join, relative } from "node:path";
import { parseArgs } from "node:util";
import {
  ANVIL_DEV_MNEMONIC,
  assertChainId,
  createChainClients,
  createJsonProposalStore,
  type Devnet,
  deployPlatform,
  resolveSigner,
  startDevnet,
  writeJsonAtomically,
} from "@coinscious/chain";
import { mnemonicToAccount } from "viem/accounts";
import { loadConfig } from "../config.ts";
import type { DevInfo } from "../context.ts";
import { DEMO_ROLES, devnetDeployConfig } from "../devnetDefaults.ts";
import { type DevIndexer, startDevIndexer } from "../indexer/startDevIndexer.ts";
import type { Command } from "../main.ts";
import { seedDemoIssuer } from "../seed/seedDemoIssuer.ts";

export const devCommand: Command = {
  summary:
    "run the platform locally: devnet, contracts, a 2-of-3 demo Safe, a seeded demo issuer (npm start)",
  usage: "coinscious dev [--reset] [--investors N] [--transfers N]",
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { reset: { type: "boolean" }, investors: { type: "string" }, transfers: { type: "string" } },
      strict: true,
    });
    const config = loadConfig(io.env, { network: "devnet", cwd: io.cwd });
    const home = config.home;
    if (values.reset) {
      for (const p of ["devnet", "deployments", "proposals", "dev.json", "seed.json", "db", "db.json"]) {
        await rm(join(home, p), { recursive: true, force: true });
      }
      io.err(`reset: removed the devnet state under ${home}`);
    }
    await rm(join(home, "dev.json"), { force: true });
    // Ctrl-C is ours to handle from the start: a stop during deploy or seed ends at the next phase boundary,
    // and the finally block always stops anvil (its watchdog covers a crash of this process).
    let stopRequested = false;
    const stopped = (io.untilStopped ?? (() => Promise.resolve()))().then(() => {
      stopRequested = true;
    });
    const devnet: Devnet = await startDevnet({ stateDir: join(home, "devnet"), handleSignals: false });
    let indexer: DevIndexer | undefined;
    try {
      const deployer = await resolveSigner({ network: "devnet", devAccountIndex: DEMO_ROLES.deployer });
      const { publicClient, walletClient } = createChainClients({
        network: "devnet",
        rpcUrl: devnet.rpcUrl,
        account: deployer,
      });
      await assertChainId(publicClient, "devnet");
      const { manifest, sent } = await deployPlatform({
        publicClient,
        walletClient,
        network: "devnet",
        config: devnetDeployConfig(),
        manifestDir: home,
      });
      io.err(
        sent.length === 0
          ? "contracts: already deployed (state reused)"
          : `contracts: deployed (${sent.length} transactions)`,
      );

      if (stopRequested) return 0;
      const seedFile = join(home, "seed.json");
      const seeded = await readFile(seedFile, "utf8").then(
        (t) => (JSON.parse(t) as { genesisHash?: string }).genesisHash === manifest.genesisHash,
        () => false,
      );
      if (!seeded && !stopRequested) {
        const wallet = async (i: number) =>
          createChainClients({
            network: "devnet",
            rpcUrl: devnet.rpcUrl,
            account: await resolveSigner({ network: "devnet", devAccountIndex: i }),
          }).walletClient;
        const result = await seedDemoIssuer({
          publicClient,
          rpcUrl: devnet.rpcUrl,
          manifest,
          store: createJsonProposalStore(join(home, "proposals", "31337.json")),
          oracle: await wallet(DEMO_ROLES.registryOracle),
          owners: await Promise.all(
            DEMO_ROLES.owners.map((i) => resolveSigner({ network: "devnet", devAccountIndex: i })),
          ),
          executor: walletClient,
          ...(values.investors === undefined ? {} : { investors: Number(values.investors) }),
          ...(values.transfers === undefined ? {} : { transfers: Number(values.transfers) }),
          log: (line) => io.err(`seed: ${line}`),
        });
        await writeJsonAtomically(seedFile, { genesisHash: manifest.genesisHash, ...result });
      } else if (seeded) {
        io.err("seed: already seeded (state reused)");
      }
      if (stopRequested) return 0;

      indexer = await startDevIndexer({ home, manifest, publicClient, io });
      const failed = indexer.failed.then(() => "failed" as const);
      const caughtUp = await Promise.race([indexer.caughtUp, stopped.then(() => undefined), failed]);
      if (caughtUp === "failed") return 1;
      if (stopRequested) return 0;

      const info: DevInfo = {
        rpcUrl: devnet.rpcUrl,
        chainId: 31337,
        safe: manifest.safe?.address ?? "",
        token: manifest.contracts.token?.address ?? "",
        registry: manifest.contracts.registry?.address ?? "",
      };
      // Atomically: a tool (or test) polling for dev.json never reads half of it.
      await writeJsonAtomically(join(home, "dev.json"), info);
      io.out(summary(devnet, info, manifest.safe?.threshold ?? 0, caughtUp, home));
      if ((await Promise.race([stopped, failed])) === "failed") return 1;
    } finally {
      await rm(join(home, "dev.json"), { force: true });
      await indexer?.stop();
      await devnet.stop();
    }
    return 0;
  },
};

function key(i: number): string {
  const hd = mnemonicToAccount(ANVIL_DEV_MNEMONIC, { addressIndex: i }).getHdKey();
  return `0x${Buffer.from(hd.privateKey ?? new Uint8Array()).toString("hex")}`;
}

function summary(
  devnet: Devnet,
  info: DevInfo,
  threshold: number,
  caughtUp: bigint | undefined,
  home: string,
): string {
  // Relative to the working directory when under it (`.coinscious/…` by default), else as set (COINSCIOUS_HOME).
  const shown = (path: string) => {
    const rel = relative(process.cwd(), path);
    return rel === "" || rel.startsWith("..") || isAbsolute(rel) ? path : rel;
  };
  const account = (i: number) => mnemonicToAccount(ANVIL_DEV_MNEMONIC, { addressIndex: i }).address;
  const lines = [
    "",
    "Coinscious is running on a local devnet (these keys are public: devnet only).",
    `  RPC          ${info.rpcUrl}   chain 31337, anvil pid ${devnet.pid}`,
    `  Safe         ${info.safe}   ${threshold}-of-${DEMO_ROLES.owners.length}`,
    `  token        ${info.token}   DEMO-A`,
    `  registry     ${info.registry}`,
    `  indexer      PGlite under ${shown(join(home, "db"))}, ${caughtUp === undefined ? "starting" : `caught up at block ${caughtUp}`}, following new blocks`,
    "  demo Safe owners (sign with `coinscious sign <id> --dev-account N`):",
    ...DEMO_ROLES.owners.map((i) => `    --dev-account ${i}  ${account(i)}  ${key(i)}`),
    `  guardian     --dev-account ${DEMO_ROLES.guardian}  ${account(DEMO_ROLES.guardian)}`,
    `  oracle       --dev-account ${DEMO_ROLES.registryOracle}  ${account(DEMO_ROLES.registryOracle)}`,
    `Written to ${shown(join(home, "dev.json"))}. Ctrl-C stops everything; \`npm start -- --reset\` starts clean.`,
  ];
  return lines.join("\n");
}

/**
 * Runs `deployPlatform` in a child process for the crash test: `node --import tsx deployChild.ts <rpcUrl>
 * <manifestDir> <configJson>`. Prints every deploy event as one JSON line on stdout, so the parent can SIGKILL it
 * at a chosen point; exits 0 when the deployment completes.
 */
import { createPublicClient, createWalletClient, http } from "viem";
import type { ChainPublicClient } from "../../types.ts";
import { deployPlatform } from "../deployPlatform.ts";
import { accounts, anvilChain } from "./fixtures.ts";

const [rpcUrl, manifestDir, configJson] = process.argv.slice(2);
if (!rpcUrl || !manifestDir || !configJson)
  throw new Error("usage: deployChild.ts <rpcUrl> <manifestDir> <configJson>");
const transport = http(rpcUrl);
const chain = anvilChain();
await deployPlatform({
  publicClient: createPublicClient({ chain, transport, pollingInterval: 20 }) as ChainPublicClient,
  walletClient: createWalletClient({ chain, transport, account: accounts.deployer }),
  network: "devnet",
  config: JSON.parse(configJson),
  manifestDir,
  log: (event) => {
    process.stdout.write(`${JSON.stringify(event, (_, v) => (typeof v === "bigint" ? v.toString() : v))}\n`);
  },
});

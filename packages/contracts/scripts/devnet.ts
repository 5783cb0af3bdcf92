/**
 * `npm start` for now: a local anvil devnet on a free loopback port with the Coinscious contracts deployed and a
 * small demo issuer seeded (investors in several countries, a few holders). It prints what runs, writes
 * `.coinscious/dev.json`, and stops anvil on Ctrl-C or SIGTERM. The full `coinscious dev` (Safe, indexer, API,
 * console) replaces this as those parts land.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createPublicClient, createWalletClient, encodeFunctionData, getAddress, http } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { investorRegistryAbi, securityTokenAbi } from "../generated/index.ts";
import { startAnvil } from "./anvil.ts";
import { deployContracts, ROLE } from "./deploy.ts";

const MNEMONIC = "test test test test test test test test test test test junk";
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

async function main() {
  const anvil = await startAnvil();
  const stop = async (code: number) => {
    await anvil.stop();
    process.exit(code);
  };
  process.once("SIGINT", () => void stop(0));
  process.once("SIGTERM", () => void stop(0));
  try {
    const chain = { ...foundry, rpcUrls: { default: { http: [anvil.rpcUrl] } } };
    const publicClient = createPublicClient({ chain, transport: http(anvil.rpcUrl), pollingInterval: 20 });
    const chainId = await publicClient.getChainId();
    if (chainId !== 31337) throw new Error(`expected the devnet's chain id 31337, got ${chainId}`);
    const accounts = [0, 1, 2, 3].map((i) => mnemonicToAccount(MNEMONIC, { addressIndex: i }));
    const [admin, agent, oracle, guardian] = accounts as [(typeof accounts)[0], ...typeof accounts];
    const client = (account: typeof admin) =>
      createWalletClient({ chain, transport: http(anvil.rpcUrl), account });
    const adminClient = client(admin);
    const d = await deployContracts({
      walletClient: adminClient,
      publicClient,
      admin: admin.address,
      upgrader: admin.address,
      registryOracle: (oracle ?? admin).address,
      anchorer: admin.address,
      tokenClass: {
        name: "Demo Series A",
        symbol: "DEMO-A",
        decimals: 0,
        requireAccreditation: false,
        regS: false,
        regSDistributionEnd: 0,
        transfersLockedUntil: 0,
        maxBalancePerInvestor: 0n,
        maxHolders: 1999,
        maxNonAccreditedHolders: 499,
        countryRule: 1,
        countries: [840, 276, 250, 826, 392, 756],
      },
    });
    const send = async (account: typeof admin, to: `0x${string}`, data: `0x${string}`) => {
      const hash = await client(account).sendTransaction({ to, data });
      const r = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 20 });
      if (r.status !== "success") throw new Error(`seed transaction reverted: ${hash}`);
    };
    const grant = (role: `0x${string}`, who: `0x${string}`) =>
      send(
        admin,
        d.token,
        encodeFunctionData({ abi: securityTokenAbi, functionName: "grantRole", args: [role, who] }),
      );
    await grant(ROLE.AGENT, (agent ?? admin).address);
    await grant(ROLE.FREEZER, (agent ?? admin).address);
    await grant(ROLE.GUARDIAN, (guardian ?? admin).address);

    // Demo investors: deterministic wallets, countries cycling over the allow-list, one in three accredited.
    const now = Math.floor(Date.now() / 1000);
    const countries = [840, 276, 250, 826, 392, 756];
    const ids: number[] = [];
    const wallets: `0x${string}`[] = [];
    const records = [];
    for (let i = 1; i <= 12; i++) {
      ids.push(i);
      wallets.push(getAddress(`0x${(0xd3e0000n + BigInt(i)).toString(16).padStart(40, "0")}`));
      records.push({
        country: countries[i % countries.length] as number,
        kycExpiry: now + 365 * 86400,
        accreditationExpiry: i % 3 === 0 ? now + 365 * 86400 : 0,
        lockupUntil: 0,
        usPerson: countries[i % countries.length] === 840,
        frozen: false,
      });
    }
    await send(
      oracle ?? admin,
      d.registry,
      encodeFunctionData({
        abi: investorRegistryAbi,
        functionName: "batchRegisterInvestors",
        args: [ids, wallets, records],
      }),
    );
    const holders = wallets.slice(0, 8);
    await send(
      agent ?? admin,
      d.token,
      encodeFunctionData({
        abi: securityTokenAbi,
        functionName: "batchMint",
        args: [holders, holders.map((_, i) => BigInt(1000 * (i + 1)))],
      }),
    );

    const devJson = {
      rpcUrl: anvil.rpcUrl,
      chainId,
      token: d.token,
      registry: d.registry,
      factory: d.factory,
      logAnchor: d.logAnchor,
    };
    mkdirSync(join(repoRoot, ".coinscious"), { recursive: true });
    writeFileSync(join(repoRoot, ".coinscious", "dev.json"), `${JSON.stringify(devJson, null, 2)}\n`);
    console.log(`
Coinscious devnet is running (anvil pid ${anvil.pid}).
  RPC            ${anvil.rpcUrl}  (chain 31337)
  registry       ${d.registry}
  token DEMO-A   ${d.token}
  factory        ${d.factory}
  LogAnchor      ${d.logAnchor}
  admin          ${admin.address}   (anvil account 0; also upgrader)
  agent/freezer  ${(agent ?? admin).address}   (anvil account 1)
  oracle         ${(oracle ?? admin).address}   (anvil account 2)
  guardian       ${(guardian ?? admin).address}   (anvil account 3)
  seeded         12 investors, 8 holders
Addresses written to .coinscious/dev.json. Press Ctrl-C to stop.`);
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    await stop(1);
  }
}

void main();

/**
 * Test fixtures of the deploy layer (not exported from the package): a fresh anvil on a free port with clients,
 * anvil's mnemonic accounts for the roles, a demo deploy config, and a role-holder scan over the event log.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startAnvil, type TestAnvil } from "@coinscious/contracts/anvil";
import {
  type Address,
  type Chain,
  createPublicClient,
  createTestClient,
  createWalletClient,
  defineChain,
  getAddress,
  type Hex,
  http,
  type LocalAccount,
  parseAbiItem,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type { ChainPublicClient, ChainWalletClient } from "../../types.ts";

/**
 * anvil's default accounts (mnemonic "test test … junk", indexes 0–6): public test keys, never funded anywhere
 * real. Given as private keys because deriving them from the mnemonic costs ~0.4 s each (PBKDF2 in JS) — too
 * slow for the crash test's child processes.
 */
const ANVIL_KEYS = [
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
  "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
  "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
  "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
] as const;
const anvilAccount = (i: number) => privateKeyToAccount(ANVIL_KEYS[i] as Hex);

/** Account 0 deploys; 1–3 own the Safe; 4 guardian; 5 registry oracle; 6 anchorer. */
export const accounts = {
  deployer: anvilAccount(0),
  owners: [anvilAccount(1), anvilAccount(2), anvilAccount(3)] as const,
  guardian: anvilAccount(4),
  registryOracle: anvilAccount(5),
  anchorer: anvilAccount(6),
};

/** A demo issuer's config: a 2-of-3 Safe, one Reg D class (accredited only, 2,000-holder cap, US + DE + GB). */
export function demoConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    salt: "coinscious-test-1",
    safe: { owners: accounts.owners.map((o) => o.address), threshold: 2 },
    guardian: accounts.guardian.address,
    registryOracle: accounts.registryOracle.address,
    anchorer: accounts.anchorer.address,
    timelock: { minDelay: 3600, executor: "anyone" },
    tokenClass: {
      name: "Acme Holdings Series A",
      symbol: "ACME-A",
      decimals: 0,
      requireAccreditation: true,
      maxHolders: 2000,
      maxNonAccreditedHolders: 0,
      maxBalancePerInvestor: "1000000000",
      countryRule: 1,
      countries: [840, 276, 826],
    },
    ...overrides,
  };
}

/** anvil as a viem chain (not from `viem/chains`, whose ~700 modules cost seconds in every child process). */
export function anvilChain(id = 31337): Chain {
  return defineChain({
    id,
    name: `anvil-${id}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: ["http://127.0.0.1:8545"] } },
  });
}

export type DeployDevnet = {
  anvil: TestAnvil;
  chain: Chain;
  publicClient: ChainPublicClient;
  /** Signs with `account` (default: the deployer, account 0). */
  walletClient: (account?: LocalAccount) => ChainWalletClient;
  testClient: ReturnType<typeof createTestClient>;
  manifestDir: string;
  stop: () => Promise<void>;
};

/** Starts anvil (with `chainId`, default 31337) and a temporary manifest folder; `stop` removes both. */
export async function startDeployDevnet(options: { chainId?: number } = {}): Promise<DeployDevnet> {
  const chainId = options.chainId ?? 31337;
  const anvil = await startAnvil({ args: ["--chain-id", String(chainId)] });
  const manifestDir = await mkdtemp(join(tmpdir(), "coinscious-deploy-"));
  try {
    const chain = anvilChain(chainId);
    const transport = http(anvil.rpcUrl);
    const publicClient = createPublicClient({ chain, transport, pollingInterval: 20 }) as ChainPublicClient;
    const actual = await publicClient.getChainId();
    if (actual !== chainId) throw new Error(`anvil reported chain ${actual}, expected ${chainId}`);
    return {
      anvil,
      chain,
      publicClient,
      walletClient: (account = accounts.deployer) => createWalletClient({ chain, transport, account }),
      testClient: createTestClient({ chain, transport, mode: "anvil" }),
      manifestDir,
      stop: async () => {
        await anvil.stop();
        await rm(manifestDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await anvil.stop();
    await rm(manifestDir, { recursive: true, force: true });
    throw e;
  }
}

const roleGranted = parseAbiItem(
  "event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)",
);
const roleRevoked = parseAbiItem(
  "event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)",
);

/**
 * The current holders of every role on `address`, rebuilt from all RoleGranted/RoleRevoked events since
 * genesis — independent of `hasRole` on a guessed list, so it also finds holders nobody expected.
 */
export async function roleHoldersFromLogs(
  publicClient: ChainPublicClient,
  address: Address,
): Promise<Map<Hex, Set<Address>>> {
  const [granted, revoked] = await Promise.all([
    publicClient.getLogs({ address, event: roleGranted, fromBlock: 0n, toBlock: "latest" }),
    publicClient.getLogs({ address, event: roleRevoked, fromBlock: 0n, toBlock: "latest" }),
  ]);
  const events = [...granted.map((l) => ({ l, on: true })), ...revoked.map((l) => ({ l, on: false }))].sort(
    (a, b) =>
      Number((a.l.blockNumber ?? 0n) - (b.l.blockNumber ?? 0n)) || (a.l.logIndex ?? 0) - (b.l.logIndex ?? 0),
  );
  const holders = new Map<Hex, Set<Address>>();
  for (const { l, on } of events) {
    const role = l.args.role as Hex;
    const account = getAddress(l.args.account as Address);
    const set = holders.get(role) ?? new Set<Address>();
    holders.set(role, set);
    if (on) set.add(account);
    else set.delete(account);
  }
  for (const [role, set] of holders) if (set.size === 0) holders.delete(role);
  return holders;
}

/** Sum of `gasUsed` over blocks `from..to` (anvil automine: one transaction per block). */
export async function gasUsedInBlocks(
  publicClient: ChainPublicClient,
  from: bigint,
  to: bigint,
): Promise<bigint> {
  let sum = 0n;
  for (let n = from; n <= to; n++) sum += (await publicClient.getBlock({ blockNumber: n })).gasUsed;
  return sum;
}

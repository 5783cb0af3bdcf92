/**
 * A deployed Coinscious platform on a fresh anvil for the indexer's tests: contracts from
 * `deployContracts`, the agent role granted, investors registered through the registry oracle, and helpers
 * that send transactions fast (impersonated senders, no wait for each receipt).
 */
import { createChainClients, type DeploymentManifest } from "@coinscious/chain";
import { investorRegistryAbi, securityTokenAbi, tokenFactoryAbi } from "@coinscious/contracts";
import { startAnvil, type TestAnvil } from "@coinscious/contracts/anvil";
import { type DeployReturnType, deployContracts, ROLE, RULES_OFF } from "@coinscious/contracts/deploy";
import {
  type Address,
  createWalletClient,
  encodeFunctionData,
  getAddress,
  type Hex,
  http,
  keccak256,
  numberToHex,
  parseEther,
  toHex,
} from "viem";
import { getManifestSources } from "../sources/getManifestSources.ts";
import type { IndexerSources } from "../sources/types.ts";

export const CHAIN_ID = 31337;

/** Rules off: every registered wallet may hold and move any amount. */
export function tokenClassConfig(symbol: string) {
  return { name: `Test ${symbol}`, symbol, decimals: 0, ...RULES_OFF };
}

/** A deterministic wallet address for index `i`. */
export function walletAddress(i: number): Address {
  return getAddress(`0x${(0xbeef0000n + BigInt(i)).toString(16).padStart(40, "0")}`);
}

export type Devnet = Awaited<ReturnType<typeof startDevnet>>;

/**
 * Starts anvil (free port, auto-impersonation, FIFO ordering so a block keeps the order transactions were
 * sent in), deploys, grants the admin the agent role and registers `wallets` investors (one wallet each).
 * Always call `stop()`.
 */
export async function startDevnet(options: { wallets?: number; anvilArgs?: string[] } = {}) {
  const anvil: TestAnvil = await startAnvil({
    args: ["--auto-impersonate", "--order", "fifo", ...(options.anvilArgs ?? [])],
  });
  try {
    return await setUp(anvil, options.wallets ?? 20);
  } catch (error) {
    await anvil.stop();
    throw error;
  }
}

async function setUp(anvil: TestAnvil, walletCount: number) {
  const { publicClient, chain } = createChainClients({
    network: "devnet",
    rpcUrl: anvil.rpcUrl,
    pollingIntervalMs: 10,
    retryCount: 0,
  });
  const rpc = <T>(method: string, params: unknown[] = []) =>
    publicClient.request({ method, params } as never) as Promise<T>;
  const [admin, oracle] = (await rpc<Address[]>("eth_accounts")).map((a) => getAddress(a)) as [
    Address,
    Address,
  ];
  const walletClient = createWalletClient({ account: admin, chain, transport: http(anvil.rpcUrl) });
  const deployment: DeployReturnType = await deployContracts({
    walletClient,
    publicClient,
    admin,
    upgrader: admin,
    registryOracle: oracle,
    anchorer: admin,
    tokenClass: tokenClassConfig("ACME-A"),
  });
  const startBlock = deployment.receipts[0]?.blockNumber ?? 1n;

  /** Sends without waiting for the receipt; returns the hash. */
  const send = (from: Address, to: Address, data: Hex, gas = 3_000_000n) =>
    rpc<Hex>("eth_sendTransaction", [{ from, to, data, gas: numberToHex(gas) }]);
  /**
   * Sends and waits for a successful receipt. Under heavy machine load anvil's automine has been seen to
   * leave a transaction in the pool (the contracts fixture reports the same): after 15 s, mine a block.
   */
  const sendAndWait = async (from: Address, to: Address, data: Hex, gas?: bigint) => {
    const hash = await send(from, to, data, gas);
    const wait = (timeout: number) =>
      publicClient.waitForTransactionReceipt({ hash, pollingInterval: 5, timeout });
    const receipt = await wait(15_000).catch(async (error: unknown) => {
      if (!(error instanceof Error && error.name === "WaitForTransactionReceiptTimeoutError")) throw error;
      console.error(`devnet: no receipt for ${hash} after 15 s; mining a block`);
      await rpc("evm_mine");
      return wait(10_000);
    });
    if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
    return receipt;
  };
  const call = (
    abi: typeof securityTokenAbi | typeof investorRegistryAbi | typeof tokenFactoryAbi,
    functionName: string,
    args: readonly unknown[],
  ) => encodeFunctionData({ abi, functionName, args } as never);

  await sendAndWait(admin, deployment.token, call(securityTokenAbi, "grantRole", [ROLE.AGENT, admin]));
  const wallets = Array.from({ length: walletCount }, (_, i) => walletAddress(i));
  const now = Number((await publicClient.getBlock()).timestamp);
  const record = {
    country: 276,
    kycExpiry: now + 10 * 365 * 86400,
    accreditationExpiry: now + 10 * 365 * 86400,
    lockupUntil: 0,
    usPerson: false,
    frozen: false,
  };
  for (let from = 0; from < wallets.length; from += 50) {
    const chunk = wallets.slice(from, from + 50);
    await sendAndWait(
      oracle,
      deployment.registry,
      call(investorRegistryAbi, "batchRegisterInvestors", [
        chunk.map((_, i) => from + i + 1),
        chunk,
        chunk.map(() => record),
      ]),
      20_000_000n,
    );
  }
  await Promise.all(wallets.map((w) => rpc("anvil_setBalance", [w, numberToHex(parseEther("100"))])));

  const contract = (address: Address) =>
    ({
      address,
      contractName: "",
      txHash: null,
      blockNumber: null,
      artifactHash: "0x",
      codeHash: "0x",
      salt: "0x",
    }) as const;
  const manifest: Pick<DeploymentManifest, "chainId" | "startBlock" | "contracts"> = {
    chainId: CHAIN_ID,
    startBlock: Number(startBlock),
    contracts: {
      token: contract(deployment.token),
      registry: contract(deployment.registry),
      factory: contract(deployment.factory),
      logAnchor: contract(deployment.logAnchor),
    },
  };
  const sources: IndexerSources = getManifestSources(manifest);

  return {
    anvil,
    publicClient,
    rpc,
    admin,
    oracle,
    deployment,
    sources,
    wallets,
    send,
    sendAndWait,
    call,
    mintData: (to: Address[], amounts: bigint[]) => call(securityTokenAbi, "batchMint", [to, amounts]),
    transferData: (to: Address, amount: bigint) => call(securityTokenAbi, "transfer", [to, amount]),
    batchTransferData: (to: Address[], amounts: bigint[]) =>
      call(securityTokenAbi, "batchTransfer", [to, amounts]),
    /** Creates another class through the factory (the indexer must find it through TokenClassCreated). */
    async createClass(symbol: string): Promise<Address> {
      const cfg = { ...tokenClassConfig(symbol), admin, upgrader: admin };
      const salt = keccak256(toHex(symbol));
      const token = (await publicClient.readContract({
        address: deployment.factory,
        abi: tokenFactoryAbi,
        functionName: "predictTokenAddress",
        args: [cfg, salt],
      })) as Address;
      await sendAndWait(
        admin,
        deployment.factory,
        call(tokenFactoryAbi, "createTokenClass", [cfg, salt]),
        10_000_000n,
      );
      await sendAndWait(admin, token, call(securityTokenAbi, "grantRole", [ROLE.AGENT, admin]));
      return getAddress(token);
    },
    async balanceOf(token: Address, wallet: Address): Promise<bigint> {
      return (await publicClient.readContract({
        address: token,
        abi: securityTokenAbi,
        functionName: "balanceOf",
        args: [wallet],
      })) as bigint;
    },
    async head() {
      return publicClient.getBlock({ blockTag: "latest" });
    },
    stop: () => anvil.stop(),
  };
}

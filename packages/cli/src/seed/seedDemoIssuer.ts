import {
  addSignature,
  batchMint,
  batchRegisterInvestors,
  type ChainPublicClient,
  type ChainWalletClient,
  createChainClients,
  type DeploymentManifest,
  executeProposal,
  type ProposalStore,
  proposeSafeTransaction,
  sendAction,
  signSafeTransaction,
  simulate,
} from "@coinscious/chain";
import { securityTokenAbi } from "@coinscious/contracts";
import { CoinsciousError } from "@coinscious/core";
import { type LocalAccount, parseEther } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { demoInvestors } from "./demoInvestors.ts";

export type SeedDemoIssuerParameters = {
  publicClient: ChainPublicClient;
  rpcUrl: string;
  manifest: DeploymentManifest;
  store: ProposalStore;
  /** The registry-oracle key. */
  oracle: ChainWalletClient;
  /** Safe owners that sign (at least the threshold), and who executes. */
  owners: LocalAccount[];
  executor: ChainWalletClient;
  investors?: number;
  transfers?: number;
  log?: (line: string) => void;
};

export type SeedDemoIssuerReturnType = { investors: number; holders: number; transfers: number };

/**
 * Seeds the demo issuer on a devnet: registers the investors (oracle key), issues to most of them through a
 * Safe proposal signed by the owners (so the seed uses the same path an operator does), then makes holders
 * trade with each other — only transfers the token's `canTransfer` allows, so the seed is a realistic history.
 */
export async function seedDemoIssuer(p: SeedDemoIssuerParameters): Promise<SeedDemoIssuerReturnType> {
  const log = p.log ?? (() => {});
  const token = p.manifest.contracts.token?.address;
  const registry = p.manifest.contracts.registry?.address;
  const safe = p.manifest.safe;
  if (!token || !registry || !safe) throw new CoinsciousError("NOT_DEPLOYED", "the deployment is incomplete");
  const now = Number((await p.publicClient.getBlock()).timestamp);
  const investors = demoInvestors(p.investors ?? 50, now);

  for (let i = 0; i < investors.length; i += 25) {
    const chunk = investors.slice(i, i + 25);
    await sendAction({
      walletClient: p.oracle,
      publicClient: p.publicClient,
      action: batchRegisterInvestors({
        registry,
        investorIds: chunk.map((x) => x.id),
        wallets: chunk.map((x) => x.wallet),
        records: chunk.map((x) => x.record),
      }),
    });
  }
  log(`registered ${investors.length} investors`);

  // Issue to every investor the class accepts (canMint = 0): one Safe proposal, signed by the owners.
  const eligible: typeof investors = [];
  for (const inv of investors) {
    const code = await p.publicClient.readContract({
      address: token,
      abi: securityTokenAbi,
      functionName: "canMint",
      args: [inv.wallet, 1n],
    });
    if (code === 0) eligible.push(inv);
  }
  const action = batchMint({
    token,
    toList: eligible.map((x) => x.wallet),
    amounts: eligible.map((x) => BigInt(1_000 + ((x.id * 7_919) % 9_000))),
  });
  const preflight = await simulate({ publicClient: p.publicClient, action, from: safe.address });
  if (!preflight.ok) {
    throw new CoinsciousError("SEED_FAILED", "the demo issuance fails its preflight", {
      details: { reasons: preflight.reasons.map((r) => r.name) },
    });
  }
  const proposal = await proposeSafeTransaction({
    publicClient: p.publicClient,
    store: p.store,
    safe: safe.address,
    calls: [{ to: action.target, data: action.data, value: 0n }],
    description: `Demo issuance to ${eligible.length} investors`,
    createdBy: "coinscious dev",
  });
  const chainId = await p.publicClient.getChainId();
  for (const owner of p.owners.slice(0, safe.threshold)) {
    const signature = await signSafeTransaction(owner, { chainId, safe: safe.address, tx: proposal.tx });
    await addSignature({
      publicClient: p.publicClient,
      store: p.store,
      id: proposal.id,
      signature,
      signer: owner.address,
    });
  }
  await executeProposal({
    publicClient: p.publicClient,
    walletClient: p.executor,
    store: p.store,
    id: proposal.id,
  });
  log(`issued to ${eligible.length} holders through Safe proposal ${proposal.id}`);

  const transfers = await tradeAmongHolders(p, token, eligible, p.transfers ?? 200);
  log(`made ${transfers} transfers between investors`);
  return { investors: investors.length, holders: eligible.length, transfers };
}

/** Deterministic pseudo-random trades between holders; only those the rules allow are sent. */
async function tradeAmongHolders(
  p: SeedDemoIssuerParameters,
  token: `0x${string}`,
  holders: ReturnType<typeof demoInvestors>,
  wanted: number,
): Promise<number> {
  const investors = demoInvestors(p.investors ?? 50, 0);
  for (const inv of holders) {
    await p.publicClient.request({
      method: "anvil_setBalance" as never,
      params: [inv.wallet, `0x${parseEther("1").toString(16)}`] as never,
    });
  }
  // A small LCG, deterministic across runs; its low bits cycle quickly, so the high bits are used.
  let seed = 42;
  const next = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return Math.floor(seed / 65_536) % n;
  };
  let sent = 0;
  for (let attempt = 0; attempt < wanted * 20 && sent < wanted; attempt++) {
    const from = holders[next(holders.length)];
    const to = investors[next(investors.length)];
    if (!from || !to || from.wallet === to.wallet) continue;
    const balance = await p.publicClient.readContract({
      address: token,
      abi: securityTokenAbi,
      functionName: "balanceOf",
      args: [from.wallet],
    });
    const amount = BigInt(1 + next(Math.max(1, Number(balance / 5n))));
    const code = await p.publicClient.readContract({
      address: token,
      abi: securityTokenAbi,
      functionName: "canTransfer",
      args: [from.wallet, to.wallet, amount],
    });
    if (code !== 0) continue;
    const { walletClient } = createChainClients({
      network: "devnet",
      rpcUrl: p.rpcUrl,
      account: privateKeyToAccount(from.privateKey),
    });
    const hash = await walletClient.writeContract({
      address: token,
      abi: securityTokenAbi,
      functionName: "transfer",
      args: [to.wallet, amount],
    });
    const receipt = await p.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success")
      throw new CoinsciousError("SEED_FAILED", `demo transfer reverted: ${hash}`);
    sent++;
  }
  return sent;
}

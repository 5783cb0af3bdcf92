/**
 * Test fixture (not exported from the package): a fresh anvil on a free port, the Safe infrastructure and a
 * 2-of-3 Safe owned by anvil's mnemonic accounts 1–3; account 0 deploys, account 4 executes (a non-owner),
 * and `outsider` is a random key that owns nothing.
 */
import { startAnvil, type TestAnvil } from "@coinscious/contracts/anvil";
import {
  type Address,
  createPublicClient,
  createTestClient,
  createWalletClient,
  http,
  type LocalAccount,
  parseEther,
  type TransactionReceipt,
} from "viem";
import { generatePrivateKey, mnemonicToAccount, privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import type { ChainPublicClient, ChainWalletClient } from "../types.ts";
import { createSafe } from "./createSafe.ts";
import { deploySafeInfrastructure } from "./deploySafeInfrastructure.ts";
import type { SafeInfrastructure } from "./types.ts";

/** anvil's default mnemonic: public test keys, never funded anywhere real. */
const ANVIL_MNEMONIC = "test test test test test test test test test test test junk";

export type SafeDevnet = {
  anvil: TestAnvil;
  chainId: number;
  publicClient: ChainPublicClient;
  /** Signs with account 0 (the deployer). */
  deployerClient: ChainWalletClient;
  /** Signs with account 4 (not an owner). */
  executorClient: ChainWalletClient;
  testClient: ReturnType<typeof createTestClient>;
  infrastructure: SafeInfrastructure;
  owners: [LocalAccount, LocalAccount, LocalAccount];
  outsider: LocalAccount;
  safe: Address;
  /** The receipt of the Safe's creation (for gas figures). */
  createReceipt: TransactionReceipt | undefined;
  stop: () => Promise<void>;
};

export async function startSafeDevnet(
  options: { fundSafe?: bigint; saltNonce?: bigint } = {},
): Promise<SafeDevnet> {
  const anvil = await startAnvil();
  try {
    const transport = http(anvil.rpcUrl);
    const publicClient = createPublicClient({ chain: foundry, transport, pollingInterval: 20 });
    const wallet = (index: number) =>
      createWalletClient({
        chain: foundry,
        transport,
        account: mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: index }),
      });
    const deployerClient = wallet(0);
    const executorClient = wallet(4);
    const testClient = createTestClient({ chain: foundry, transport, mode: "anvil" });
    const account = (addressIndex: number): LocalAccount =>
      mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex });
    const owners: SafeDevnet["owners"] = [account(1), account(2), account(3)];
    const chainId = await publicClient.getChainId();
    if (chainId !== foundry.id) throw new Error(`anvil reported chain ${chainId}`);

    const infrastructure = await deploySafeInfrastructure({ publicClient, walletClient: deployerClient });
    const before = await publicClient.getBlockNumber();
    const safe = await createSafe({
      publicClient,
      walletClient: deployerClient,
      infrastructure,
      owners: owners.map((o) => o.address),
      threshold: 2,
      saltNonce: options.saltNonce ?? 0n,
    });
    const block = await publicClient.getBlock({ blockNumber: before + 1n, includeTransactions: true });
    const createTx = block.transactions[0];
    const createReceipt = createTx
      ? await publicClient.getTransactionReceipt({ hash: createTx.hash })
      : undefined;
    await testClient.setBalance({ address: safe, value: options.fundSafe ?? parseEther("10") });
    return {
      anvil,
      chainId,
      publicClient,
      deployerClient,
      executorClient,
      testClient,
      infrastructure,
      owners,
      outsider: privateKeyToAccount(generatePrivateKey()),
      safe,
      createReceipt,
      stop: () => anvil.stop(),
    };
  } catch (e) {
    await anvil.stop();
    throw e;
  }
}

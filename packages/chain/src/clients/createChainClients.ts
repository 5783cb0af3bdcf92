import { type Account, type Chain, createPublicClient, createWalletClient } from "viem";
import type { ChainPublicClient, ChainWalletClient } from "../types.ts";
import { createRpcTransport } from "./createRpcTransport.ts";
import { getNetworkChain } from "./getNetworkChain.ts";
import type { NetworkName } from "./networks.ts";

export type CreateChainClientsParameters<account extends Account | undefined = Account | undefined> = {
  /** `devnet`, `base-sepolia` or `base`; anything else throws `UNKNOWN_NETWORK`. */
  network: string;
  /** The primary RPC URL. */
  rpcUrl: string;
  /** A second RPC URL, used when the primary fails (connection, timeout, HTTP 5xx or an error answer). */
  rpcUrlBackup?: string;
  /** Retries after a failed request, with exponential backoff. Default 3. */
  retryCount?: number;
  /** Base delay of the backoff (150 → 300 → 600 ms …). Default 150. */
  retryDelayMs?: number;
  /** Timeout of one HTTP request. Default 10 000. */
  timeoutMs?: number;
  /** How often watchers and `waitForTransactionReceipt` poll. Default 50 ms on devnet, 1 000 ms otherwise. */
  pollingIntervalMs?: number;
  /** The signing account; when given, a wallet client is created too. */
  account?: account;
};

export type CreateChainClientsReturnType<account extends Account | undefined = Account | undefined> = {
  network: NetworkName;
  chain: Chain;
  publicClient: ChainPublicClient;
  /** Present exactly when an account was given. */
  walletClient: account extends Account ? ChainWalletClient : undefined;
};

/**
 * The viem clients for one network: a public client and, with an account, a wallet client, both over
 * `fallback([http(rpcUrl), http(rpcUrlBackup)])` with retries. Creates no connection: call
 * {@link assertChainId} before trusting the endpoint. When no endpoint answers, requests fail with
 * `RPC_UNAVAILABLE` (retryable).
 *
 * @throws {UnknownNetworkError} `UNKNOWN_NETWORK`
 * @throws {InvalidRpcUrlError} `INVALID_RPC_URL`
 *
 * @example
 * const account = await resolveSigner({ network: "devnet", devAccountIndex: 0 });
 * const { publicClient, walletClient } = createChainClients({ network: "devnet", rpcUrl: devnet.rpcUrl, account });
 * await assertChainId(publicClient, "devnet");
 * const hash = await walletClient.sendTransaction({ to, value: 1n });
 */
export function createChainClients<account extends Account | undefined = undefined>(
  params: CreateChainClientsParameters<account>,
): CreateChainClientsReturnType<account> {
  const urls = params.rpcUrlBackup === undefined ? [params.rpcUrl] : [params.rpcUrl, params.rpcUrlBackup];
  const chain = getNetworkChain({ network: params.network, rpcUrls: urls });
  const network = params.network as NetworkName;
  const transport = createRpcTransport({
    urls,
    ...(params.retryCount === undefined ? {} : { retryCount: params.retryCount }),
    ...(params.retryDelayMs === undefined ? {} : { retryDelayMs: params.retryDelayMs }),
    ...(params.timeoutMs === undefined ? {} : { timeoutMs: params.timeoutMs }),
  });
  // viem's default polls every 4 s for a chain without `blockTime` (foundry): far too slow for a local node.
  const pollingInterval = params.pollingIntervalMs ?? (network === "devnet" ? 50 : 1_000);
  const publicClient = createPublicClient({ chain, transport, pollingInterval }) as ChainPublicClient;
  const account: Account | undefined = params.account;
  const walletClient =
    account === undefined ? undefined : createWalletClient({ account, chain, transport, pollingInterval });
  return { network, chain, publicClient, walletClient } as CreateChainClientsReturnType<account>;
}

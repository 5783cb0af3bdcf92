import type { ChainPublicClient } from "../types.ts";
import { ChainIdMismatchError, UnknownNetworkError } from "./errors.ts";
import { isNetworkName, NETWORK_CHAIN_IDS, NETWORK_NAMES } from "./networks.ts";

/**
 * Asks the RPC endpoint for its chain id and refuses to go on when it is not the selected network's: a
 * mainnet URL in a devnet config (or someone else's node on a shared port) must never receive a signed
 * transaction. Returns the chain id.
 *
 * @throws {ChainIdMismatchError} `CHAIN_ID_MISMATCH` with `details.expected` / `details.actual`.
 * @throws {UnknownNetworkError} `UNKNOWN_NETWORK`
 * @throws {RpcUnavailableError} `RPC_UNAVAILABLE` when no endpoint answers.
 *
 * @example
 * const { publicClient } = createChainClients({ network: "base", rpcUrl, rpcUrlBackup });
 * await assertChainId(publicClient, "base"); // throws unless eth_chainId is 8453
 */
export async function assertChainId(publicClient: ChainPublicClient, network: string): Promise<number> {
  if (!isNetworkName(network)) throw new UnknownNetworkError(network, NETWORK_NAMES);
  const expected = NETWORK_CHAIN_IDS[network];
  const actual = await publicClient.getChainId();
  if (actual !== expected) throw new ChainIdMismatchError({ network, expected, actual });
  return actual;
}

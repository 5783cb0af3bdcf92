import { UnknownNetworkError } from "../clients/errors.ts";
import { NETWORK_CHAIN_IDS, NETWORK_NAMES, type NetworkName } from "../clients/networks.ts";

/**
 * A deploy target. `public` networks use the canonical Safe 1.4.1 contracts and the issuer's existing Safe;
 * the devnet gets its Safe infrastructure and a Safe created by the deployment.
 */
export type DeployNetwork = { name: NetworkName; chainId: number; public: boolean };

/**
 * Resolves a `--network` value (`devnet`, `base-sepolia`, `base`). Throws `UNKNOWN_NETWORK` for anything else.
 *
 * @example
 * resolveDeployNetwork("base-sepolia") // { name: "base-sepolia", chainId: 84532, public: true }
 */
export function resolveDeployNetwork(name: string): DeployNetwork {
  if (!(NETWORK_NAMES as readonly string[]).includes(name))
    throw new UnknownNetworkError(name, NETWORK_NAMES);
  const network = name as NetworkName;
  return { name: network, chainId: NETWORK_CHAIN_IDS[network], public: network !== "devnet" };
}

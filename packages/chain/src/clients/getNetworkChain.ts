import type { Chain } from "viem";
import { base, baseSepolia, foundry } from "viem/chains";
import { UnknownNetworkError } from "./errors.ts";
import { isNetworkName, NETWORK_NAMES, type NetworkName } from "./networks.ts";

const PRESETS: Record<NetworkName, Chain> = { devnet: foundry, "base-sepolia": baseSepolia, base };

export type GetNetworkChainParameters = {
  /** A network name; anything but a preset throws `UNKNOWN_NETWORK`. */
  network: string;
  /** The RPC URLs to put in the chain definition, primary first. */
  rpcUrls: string[];
};

/**
 * The viem chain for a network preset, with its RPC URLs replaced by the ones given at runtime. The preset's
 * own URLs (public endpoints, or `127.0.0.1:8545` for foundry) are dropped so that nothing can silently fall
 * back to them.
 *
 * @throws {UnknownNetworkError} `UNKNOWN_NETWORK` when `network` is not a preset.
 *
 * @example
 * const chain = getNetworkChain({ network: "base-sepolia", rpcUrls: ["https://sepolia.base.org"] });
 * chain.id // 84532
 */
export function getNetworkChain({ network, rpcUrls }: GetNetworkChainParameters): Chain {
  if (!isNetworkName(network)) throw new UnknownNetworkError(network, NETWORK_NAMES);
  const preset = PRESETS[network];
  return { ...preset, rpcUrls: { default: { http: rpcUrls } } };
}

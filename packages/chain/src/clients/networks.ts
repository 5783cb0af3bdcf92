/** The networks Coinscious runs on: a local anvil, Base Sepolia for pilots, Base mainnet. */
export const NETWORK_NAMES = ["devnet", "base-sepolia", "base"] as const;

/** One of {@link NETWORK_NAMES}. */
export type NetworkName = (typeof NETWORK_NAMES)[number];

/** The chain id each network must report through `eth_chainId`. */
export const NETWORK_CHAIN_IDS: Readonly<Record<NetworkName, number>> = {
  devnet: 31337,
  "base-sepolia": 84532,
  base: 8453,
};

/**
 * True when `value` names a network preset.
 *
 * @example
 * isNetworkName("base-sepolia") // true
 * isNetworkName("mainnet") // false
 */
export function isNetworkName(value: unknown): value is NetworkName {
  return typeof value === "string" && (NETWORK_NAMES as readonly string[]).includes(value);
}

import type { Account, Chain, PublicClient, Transport, WalletClient } from "viem";

/** A viem public client bound to a chain (what every read and simulation takes). */
export type ChainPublicClient = PublicClient<Transport, Chain>;

/** A viem wallet client with its signing account (what every write takes). */
export type ChainWalletClient = WalletClient<Transport, Chain, Account>;

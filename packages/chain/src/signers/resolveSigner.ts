import { readFile } from "node:fs/promises";
import type { LocalAccount } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { UnknownNetworkError } from "../clients/errors.ts";
import { isNetworkName, NETWORK_NAMES } from "../clients/networks.ts";
import { decryptKeystore } from "./decryptKeystore.ts";
import { ANVIL_DEV_ADDRESSES, ANVIL_DEV_MNEMONIC, isDevAccountAddress } from "./devAccounts.ts";
import {
  DevKeyOnPublicNetworkError,
  KeystoreInvalidError,
  SignerConfigInvalidError,
  SignerNotConfiguredError,
} from "./errors.ts";
import { toPrivateKeyAccount } from "./toPrivateKeyAccount.ts";

export type ResolveSignerParameters = {
  /** `devnet`, `base-sepolia` or `base`. Dev accounts are refused anywhere but `devnet`. */
  network: string;
  /** Index 0–9 of anvil's funded dev accounts (devnet only). */
  devAccountIndex?: number;
  /** A raw private key (hex, `0x` optional). */
  privateKey?: string;
  /** Path of a v3 JSON keystore; needs `keystorePassword`. */
  keystorePath?: string;
  /** The keystore's password, read by the caller (prompt or file). */
  keystorePassword?: string;
};

/**
 * The signing account for a network, from exactly one source: a dev account index (devnet only), a raw
 * private key, or an encrypted keystore. Anvil's well-known dev keys — whoever holds them is everyone —
 * are refused on any network but devnet, whichever source they arrive through. Keys and passwords never
 * appear in errors.
 *
 * @throws {SignerNotConfiguredError} `SIGNER_NOT_CONFIGURED` — no source given.
 * @throws {SignerConfigInvalidError} `SIGNER_CONFIG_INVALID` — several sources, a missing password, a bad index.
 * @throws {DevKeyOnPublicNetworkError} `DEV_KEY_ON_PUBLIC_NETWORK`
 * @throws {InvalidPrivateKeyError} `INVALID_PRIVATE_KEY`
 * @throws {KeystoreInvalidError} `KEYSTORE_INVALID` (also for an unreadable file)
 * @throws {KeystoreBadPasswordError} `KEYSTORE_BAD_PASSWORD`
 * @throws {UnknownNetworkError} `UNKNOWN_NETWORK`
 *
 * @example
 * const account = await resolveSigner({ network: "base-sepolia", keystorePath, keystorePassword });
 * const { walletClient } = createChainClients({ network: "base-sepolia", rpcUrl, account });
 */
export async function resolveSigner(params: ResolveSignerParameters): Promise<LocalAccount> {
  const { network } = params;
  if (!isNetworkName(network)) throw new UnknownNetworkError(network, NETWORK_NAMES);
  const sources = (["devAccountIndex", "privateKey", "keystorePath"] as const).filter(
    (key) => params[key] !== undefined,
  );
  if (sources.length === 0) throw new SignerNotConfiguredError(network);
  if (sources.length > 1)
    throw new SignerConfigInvalidError(`give one signer source, not ${sources.join(" and ")}`);

  let account: LocalAccount;
  if (params.devAccountIndex !== undefined) {
    const index = params.devAccountIndex;
    if (!Number.isInteger(index) || index < 0 || index >= ANVIL_DEV_ADDRESSES.length)
      throw new SignerConfigInvalidError(`devAccountIndex must be 0..${ANVIL_DEV_ADDRESSES.length - 1}`);
    if (network !== "devnet")
      throw new DevKeyOnPublicNetworkError({ network, address: ANVIL_DEV_ADDRESSES[index] ?? "" });
    account = mnemonicToAccount(ANVIL_DEV_MNEMONIC, { addressIndex: index });
  } else if (params.privateKey !== undefined) {
    account = toPrivateKeyAccount(params.privateKey);
  } else {
    const path = params.keystorePath ?? "";
    if (params.keystorePassword === undefined)
      throw new SignerConfigInvalidError("a keystore needs keystorePassword");
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
      throw new KeystoreInvalidError(`cannot read the file (${code})`, { path });
    }
    account = toPrivateKeyAccount(await decryptKeystore(text, params.keystorePassword));
  }

  // Compare by address so every spelling of a dev key (no 0x, upper case, from a keystore) is caught.
  if (network !== "devnet" && isDevAccountAddress(account.address))
    throw new DevKeyOnPublicNetworkError({ network, address: account.address });
  return account;
}

import type { Hex, LocalAccount } from "viem";
import type { ChainWalletClient } from "../types.ts";
import { normalizeSignatureV } from "./recoverSafeSigner.ts";
import {
  type SafeTransactionTypedDataParameters,
  safeTransactionTypedData,
} from "./safeTransactionTypedData.ts";

/**
 * Signs a Safe transaction as an owner: an EIP-712 typed-data signature (`eth_signTypedData_v4`), r‖s‖v with
 * v 27/28 (a wallet's 0/1 is normalized), which the Safe checks with `ecrecover(safeTxHash, v, r, s)`.
 * Takes a local account (private key, mnemonic) or a wallet client (JSON-RPC / browser account).
 *
 * @example
 * const signature = await signSafeTransaction(privateKeyToAccount(key), { chainId: 31337, safe, tx });
 */
export async function signSafeTransaction(
  signer: LocalAccount | ChainWalletClient,
  parameters: SafeTransactionTypedDataParameters,
): Promise<Hex> {
  const typedData = safeTransactionTypedData(parameters);
  const signature = isLocalAccount(signer)
    ? await signer.signTypedData(typedData)
    : await signer.signTypedData(typedData);
  return normalizeSignatureV(signature);
}

function isLocalAccount(signer: LocalAccount | ChainWalletClient): signer is LocalAccount {
  return signer.type === "local";
}

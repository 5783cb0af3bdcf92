import { type Address, getAddress, type Hex, isAddressEqual } from "viem";
import type { ChainPublicClient } from "../types.ts";
import { SafeError } from "./errors.ts";
import { readSafeState } from "./readSafeState.ts";
import { recoverSafeSigner } from "./recoverSafeSigner.ts";
import type { SafeSignature } from "./types.ts";

export type VerifySafeSignatureParameters = {
  publicClient: ChainPublicClient;
  safe: Address;
  safeTxHash: Hex;
  signature: Hex;
  /**
   * Who claims to have signed (e.g. the session's wallet in the API). With it, a signature over another hash is
   * reported as `SIGNATURE_MISMATCH`; without it, it can only be seen as an unknown signer (`SIGNER_NOT_OWNER`).
   */
  expectedSigner?: Address;
  /** Current owners, when the caller has just read them (skips the read). */
  owners?: readonly Address[];
};

/**
 * Checks that `signature` is a current owner's EIP-712 signature of `safeTxHash`; returns the owner and the
 * normalized signature (v 27/28) to store.
 *
 * Errors (`SafeError`), in the order checked:
 * - `SIGNATURE_INVALID`: malformed (see `recoverSafeSigner`).
 * - `SIGNATURE_MISMATCH`: `expectedSigner` given and the signature does not recover to it. The usual cause is a
 *   signature over a different hash (other nonce, chain, Safe or fields): ECDSA recovery then yields an unrelated
 *   address, which is why a mismatch can only be told apart from a stranger's signature when the signer is named.
 * - `SIGNER_NOT_OWNER`: the recovered address is not a current owner — a non-owner signed, or (no expected
 *   signer given) the signature was made over a different hash; `details.recovered` says which address came out.
 *
 * @example
 * const { signer } = await verifySafeSignature({ publicClient, safe, safeTxHash, signature });
 */
export async function verifySafeSignature({
  publicClient,
  safe,
  safeTxHash,
  signature,
  expectedSigner,
  owners,
}: VerifySafeSignatureParameters): Promise<SafeSignature> {
  const recovered = await recoverSafeSigner(safeTxHash, signature);
  if (expectedSigner !== undefined && !isAddressEqual(recovered.signer, expectedSigner)) {
    throw new SafeError(
      "SIGNATURE_MISMATCH",
      `the signature does not come from ${getAddress(expectedSigner)} for this transaction hash (it was probably ` +
        "made over a different transaction, nonce or chain)",
      { details: { safeTxHash, expectedSigner: getAddress(expectedSigner), recovered: recovered.signer } },
    );
  }
  const current = owners ?? (await readSafeState(publicClient, safe)).owners;
  if (!current.some((o) => isAddressEqual(o, recovered.signer))) {
    throw new SafeError(
      "SIGNER_NOT_OWNER",
      `the signature recovers to ${recovered.signer}, which is not an owner of ${getAddress(safe)} ` +
        "(a non-owner signed, or the signature was made over a different transaction hash)",
      { details: { safe: getAddress(safe), safeTxHash, recovered: recovered.signer } },
    );
  }
  return recovered;
}

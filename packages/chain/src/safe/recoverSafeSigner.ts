import { concat, type Hex, hexToBigInt, isHex, recoverAddress, size, slice, toHex } from "viem";
import { SafeError } from "./errors.ts";
import type { SafeSignature } from "./types.ts";

/** secp256k1 group order. */
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/**
 * Maps a v of 0/1 (yParity, as some wallets return) to 27/28, the only values the Safe treats as a plain ECDSA
 * signature (0 means a contract signature, 1 a pre-approved hash, > 30 an eth_sign). Other input is returned
 * unchanged for `recoverSafeSigner` to judge. Internal.
 */
export function normalizeSignatureV(signature: Hex): Hex {
  if (!isHex(signature) || size(signature) !== 65) return signature;
  const v = Number(hexToBigInt(slice(signature, 64, 65)));
  return v === 0 || v === 1 ? concat([slice(signature, 0, 64), toHex(v + 27, { size: 1 })]) : signature;
}

/**
 * Recovers the owner address from an EIP-712 Safe signature over `safeTxHash`, exactly as the Safe's
 * `checkNSignatures` does for v 27/28 (`ecrecover(safeTxHash, v, r, s)`). Pure, no owner check.
 * Accepted: 65 bytes r‖s‖v, v 27/28 (0/1 normalized), 0 < r < n, 0 < s ≤ n/2 (high-s is refused: every
 * standard signer produces low-s, and one canonical form per signature keeps stored signatures unambiguous).
 * Not accepted here: eth_sign (v > 30), approved hashes (v 1), EIP-1271 contract owners (v 0).
 * Throws `SafeError` `SIGNATURE_INVALID`.
 *
 * @example
 * const { signer, signature } = await recoverSafeSigner(safeTxHash, rawSignature);
 */
export async function recoverSafeSigner(safeTxHash: Hex, signature: Hex): Promise<SafeSignature> {
  const invalid = (reason: string, cause?: unknown) =>
    new SafeError("SIGNATURE_INVALID", `malformed signature: ${reason}`, { details: { reason }, cause });
  if (!isHex(signature, { strict: true }) || size(signature) !== 65) throw invalid("expected 65 bytes r‖s‖v");
  const normalized = normalizeSignatureV(signature).toLowerCase() as Hex;
  const r = hexToBigInt(slice(normalized, 0, 32));
  const s = hexToBigInt(slice(normalized, 32, 64));
  const v = Number(hexToBigInt(slice(normalized, 64, 65)));
  if (v !== 27 && v !== 28) throw invalid(`v must be 27 or 28 (got ${v})`);
  if (r === 0n || r >= N) throw invalid("r out of range");
  if (s === 0n || s > N / 2n) throw invalid("s out of range (zero or high-s)");
  try {
    return {
      signer: await recoverAddress({ hash: safeTxHash, signature: normalized }),
      signature: normalized,
    };
  } catch (cause) {
    throw invalid("no public key recovers from it", cause);
  }
}

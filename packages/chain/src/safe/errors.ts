import { ChainError } from "../errors.ts";

/**
 * The stable codes of the Safe layer. The API maps them to HTTP statuses in its one table; tests assert on them.
 *
 * - `DEPLOYER_MISSING`: the deterministic deployment proxy (0x4e59…956c) has no (or unexpected) code on this chain.
 * - `INFRASTRUCTURE_MISSING`: the Safe singleton or proxy factory handed in has no code.
 * - `CODE_MISMATCH`: an address holds code that is not the expected Safe 1.4.1 contract.
 * - `DEPLOYMENT_FAILED`: a deployment transaction was mined but did not leave the expected code.
 * - `SAFE_NOT_FOUND`: the address is not a Safe (no code, or its reads fail).
 * - `INVALID_ARGUMENT`: bad input (owners, threshold, addresses, an empty batch…).
 * - `SIGNATURE_INVALID`: not a 65-byte ECDSA signature r‖s‖v with v 27/28 (or 0/1), low s.
 * - `SIGNER_NOT_OWNER`: the signature recovers to an address that is not a current owner. A signature made
 *   over a different hash (another nonce, chain or Safe) recovers to an unrelated address, so it lands here
 *   too unless the caller names the expected signer.
 * - `SIGNATURE_MISMATCH`: the caller named the expected signer and the signature does not recover to it
 *   (typically: signed over a different hash).
 * - `DUPLICATE_SIGNATURE`: a second signature from an owner who already signed.
 * - `THRESHOLD_NOT_MET`: fewer valid owner signatures than the Safe's threshold (checked before sending).
 * - `NONCE_MISMATCH`: the transaction's nonce is not usable (below the Safe's nonce, or not the next one at execution).
 * - `CHAIN_MISMATCH`: the proposal belongs to another chain than the client's.
 * - `SAFE_TX_REVERTED`: `execTransaction` reverts (simulation or mined), e.g. `GS013` when the inner call fails
 *   with `safeTxGas` and `gasPrice` 0; the Safe nonce was not consumed.
 * - `SAFE_TX_FAILED`: `execTransaction` was mined, the inner call failed (`ExecutionFailure`), the nonce is consumed.
 * - `PROPOSAL_NOT_FOUND`, `PROPOSAL_NOT_PENDING`, `PROPOSAL_CORRUPT` (stored hash ≠ hash of stored tx).
 * - `PROPOSAL_CONFLICT`: optimistic-concurrency conflict on `put` (retryable).
 * - `STORE_CORRUPT`: the store's file cannot be parsed; `STORE_LOCKED`: its lock file could not be taken (retryable).
 */
export type SafeErrorCode =
  | "DEPLOYER_MISSING"
  | "INFRASTRUCTURE_MISSING"
  | "CODE_MISMATCH"
  | "DEPLOYMENT_FAILED"
  | "SAFE_NOT_FOUND"
  | "INVALID_ARGUMENT"
  | "SIGNATURE_INVALID"
  | "SIGNER_NOT_OWNER"
  | "SIGNATURE_MISMATCH"
  | "DUPLICATE_SIGNATURE"
  | "THRESHOLD_NOT_MET"
  | "NONCE_MISMATCH"
  | "CHAIN_MISMATCH"
  | "SAFE_TX_REVERTED"
  | "SAFE_TX_FAILED"
  | "PROPOSAL_NOT_FOUND"
  | "PROPOSAL_NOT_PENDING"
  | "PROPOSAL_CORRUPT"
  | "PROPOSAL_CONFLICT"
  | "STORE_CORRUPT"
  | "STORE_LOCKED";

/**
 * The error every function of the Safe layer throws (besides viem's transport errors, which pass through).
 * `details` holds JSON-safe values only (bigints as decimal strings) so the API can return them as they are.
 *
 * @example
 * try { await executeProposal({ publicClient, walletClient, store, id }) }
 * catch (e) { if (e instanceof SafeError && e.code === "THRESHOLD_NOT_MET") console.log(e.details) }
 */
export class SafeError extends ChainError {
  declare readonly code: SafeErrorCode;

  constructor(
    code: SafeErrorCode,
    message: string,
    options: { details?: Record<string, unknown>; cause?: unknown; retryable?: boolean } = {},
  ) {
    super(code, message, options);
  }
}

import type { Address, Hex } from "viem";

/** Safe operation: 0 = CALL, 1 = DELEGATECALL (only ever to MultiSendCallOnly in this layer). */
export type SafeOperation = 0 | 1;

/** The fields of a Safe transaction exactly as the `SafeTx` EIP-712 struct of Safe 1.4.1 hashes them. */
export type SafeTransaction = {
  to: Address;
  value: bigint;
  data: Hex;
  operation: SafeOperation;
  /** 0 = the inner call gets all gas and a failure reverts the whole `execTransaction` (nonce not consumed). */
  safeTxGas: bigint;
  baseGas: bigint;
  /** 0 = no refund to the executor (the only mode this layer builds). */
  gasPrice: bigint;
  gasToken: Address;
  refundReceiver: Address;
  nonce: bigint;
};

/** One call of a proposal; several are batched through MultiSendCallOnly. */
export type SafeCall = { to: Address; value?: bigint; data?: Hex };

/** A recovered, normalized owner signature (v 27/28). */
export type SafeSignature = { signer: Address; signature: Hex };

/** Addresses of the Safe 1.4.1 contracts on one chain. */
export type SafeInfrastructure = {
  /** The SafeL2 singleton (implementation) every Safe proxy delegates to. */
  safeSingleton: Address;
  safeProxyFactory: Address;
  /** CompatibilityFallbackHandler, installed in every Safe created here. */
  fallbackHandler: Address;
  multiSend: Address;
  /** The batch target of proposals: it refuses nested delegatecalls. */
  multiSendCallOnly: Address;
};

/**
 * - `pending`: collecting signatures / waiting for execution.
 * - `executed`: mined, `ExecutionSuccess`.
 * - `failed`: mined, `ExecutionFailure` (inner call failed; nonce consumed).
 * - `replaced`: another proposal at the same nonce was executed (or the nonce was consumed by an unknown tx).
 * - `cancelled`: a cancellation (0-value call from the Safe to itself) at the same nonce was executed.
 */
export type ProposalStatus = "pending" | "executed" | "replaced" | "cancelled" | "failed";

export type ProposalSignature = {
  signer: Address;
  /** r‖s‖v, v 27/28. */
  signature: Hex;
  /** ISO 8601. */
  addedAt: string;
};

/**
 * A Safe transaction awaiting (or past) execution, with the owner signatures gathered so far.
 *
 * `id` is the `safeTxHash` (0x + 64 hex). It is stable, content-addressed, globally unique (the EIP-712 domain
 * binds chain and Safe, the struct binds the nonce), and it is the id Safe{Wallet} shows too. Proposing the same
 * transaction twice yields the same id (idempotent). UIs may shorten it for display; lookups use the full hash.
 */
export type Proposal = {
  id: Hex;
  safe: Address;
  chainId: number;
  tx: SafeTransaction;
  safeTxHash: Hex;
  description: string;
  /** ISO 8601. */
  createdAt: string;
  createdBy?: string;
  signatures: ProposalSignature[];
  status: ProposalStatus;
  executedTxHash?: Hex;
  /** Id of the proposal executed at the same nonce (`replaced` / `cancelled`), when known. */
  replacedBy?: Hex;
  /** ISO 8601, set when the status leaves `pending`. */
  updatedAt?: string;
  /**
   * Optimistic-concurrency version: the version the record had when read (0 = not stored yet). A store's `put`
   * accepts the record only if the stored version still equals it, and stores it with `version + 1`.
   */
  version: number;
};

export type ProposalFilter = {
  status?: ProposalStatus | readonly ProposalStatus[];
  safe?: Address;
  chainId?: number;
  nonce?: bigint;
};

/**
 * Where proposals live. Implementations: `createJsonProposalStore` (a file), later a database table.
 * Writes are atomic and use optimistic concurrency (see `Proposal.version`).
 */
export type ProposalStore = {
  /** The proposal with this id, or `undefined` (like `Map.get`). */
  get(id: Hex): Promise<Proposal | undefined>;
  /** Proposals matching the filter, ordered by chain, Safe, nonce, then creation time. */
  list(filter?: ProposalFilter): Promise<Proposal[]>;
  /**
   * Inserts (`version` 0) or updates (`version` = the version read) a proposal; returns it as stored
   * (version incremented). Throws `SafeError` `PROPOSAL_CONFLICT` (retryable) when the stored version differs.
   */
  put(proposal: Proposal): Promise<Proposal>;
};

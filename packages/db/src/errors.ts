import { CoinsciousError } from "@coinscious/core";

/** The database settings are unusable: a malformed URL, an unsupported scheme, contradictory options. */
export class DatabaseConfigError extends CoinsciousError {
  constructor(message: string, details?: Record<string, unknown>, cause?: unknown) {
    super("DB_CONFIG_INVALID", message, { details, cause });
  }
}

/** The server cannot be reached or refuses connections right now. Retryable: try again later. */
export class DatabaseUnavailableError extends CoinsciousError {
  readonly retryable = true;
  constructor(message: string, details?: Record<string, unknown>, cause?: unknown) {
    super("DB_UNAVAILABLE", message, { details, cause });
  }
}

/**
 * A statement failed. `sqlState` is PostgreSQL's error code (e.g. `23505` unique violation), the same on PGlite
 * and on the server; `retryable` is true for serialization failures and deadlocks.
 */
export class DatabaseQueryError extends CoinsciousError {
  readonly sqlState: string | undefined;
  readonly retryable: boolean;
  constructor(message: string, details: { sqlState?: string } & Record<string, unknown>, cause?: unknown) {
    super("DB_QUERY_FAILED", message, { details, cause });
    this.sqlState = details.sqlState;
    this.retryable = details.sqlState === "40001" || details.sqlState === "40P01";
  }
}

/** A transaction handle was used after its transaction ended. */
export class TransactionClosedError extends CoinsciousError {
  constructor() {
    super(
      "DB_TRANSACTION_CLOSED",
      "The transaction has already ended; use the handle only inside its callback",
    );
  }
}

/** What differs between the migrations applied to a database and the ones shipped in the code. */
export type MigrationsMismatchDetails = {
  /** Applied with another checksum than the file now has (the file was edited after it was applied). */
  changed: { version: number; name: string; appliedChecksum: string; codeChecksum: string }[];
  /** Applied to the database but unknown to the code (a newer release ran against it, or a file was removed). */
  unknown: { version: number; name: string }[];
  /** In the code but not applied. */
  pending: { version: number; name: string }[];
};

/**
 * Applied migrations differ from the code's: a changed checksum, an unknown applied version, or (for
 * `assertMigrationsCurrent`) pending ones. A process refuses to start on this error.
 */
export class MigrationsMismatchError extends CoinsciousError {
  declare readonly details: MigrationsMismatchDetails;
  constructor(message: string, details: MigrationsMismatchDetails) {
    super("MIGRATIONS_MISMATCH", message, { details });
  }
}

/** A migration file is malformed: a bad name or a duplicate version. */
export class MigrationFileError extends CoinsciousError {
  constructor(message: string, details?: Record<string, unknown>) {
    super("MIGRATIONS_INVALID", message, { details });
  }
}

/** No checkpoint is stored for the chain. */
export class CheckpointNotFoundError extends CoinsciousError {
  constructor(chainId: number) {
    super("CHECKPOINT_NOT_FOUND", `No checkpoint for chain ${chainId}`, { details: { chainId } });
  }
}

/**
 * A write expected the chain's checkpoint at one block and found it at another (see `expectCheckpointStatement`):
 * another writer went first, or the batch was written before. `storedBlockNumber` is where the checkpoint is.
 */
export class CheckpointMismatchError extends CoinsciousError {
  readonly storedBlockNumber: bigint;
  constructor(message: string, storedBlockNumber: bigint, cause?: unknown) {
    super("CHECKPOINT_MISMATCH", message, {
      details: { storedBlockNumber: storedBlockNumber.toString() },
      cause,
    });
    this.storedBlockNumber = storedBlockNumber;
  }
}

/**
 * A balance change cannot be applied: it would make a balance negative (`BALANCE_UNDERFLOW`) or it is not after
 * the wallet's last applied change (`BALANCE_CHANGE_OUT_OF_ORDER`). Either means the projection and the chain
 * disagree — the indexer should treat it as fatal and re-index.
 */
export class BalanceChangeError extends CoinsciousError {
  constructor(
    code: "BALANCE_UNDERFLOW" | "BALANCE_CHANGE_OUT_OF_ORDER",
    message: string,
    details: Record<string, unknown>,
  ) {
    super(code, message, { details });
  }
}

/** The PGlite data directory is open in another live process (PGlite is one process's database). */
export class DatabaseLockedError extends CoinsciousError {
  constructor(dataDir: string, pid: number) {
    super(
      "DB_LOCKED",
      `The database directory ${dataDir} is in use by process ${pid}; stop it first (PGlite serves one process)`,
      { details: { dataDir, pid } },
    );
  }
}

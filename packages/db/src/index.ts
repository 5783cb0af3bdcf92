// @coinscious/db — the connection (PGlite embedded or PostgreSQL), SQL migrations, and the queries.
export {
  type CreateDatabaseErrorType,
  type CreateDatabaseParameters,
  createDatabase,
} from "./connection/createDatabase.ts";
export {
  BalanceChangeError,
  CheckpointMismatchError,
  CheckpointNotFoundError,
  DatabaseConfigError,
  DatabaseLockedError,
  DatabaseQueryError,
  DatabaseUnavailableError,
  MigrationFileError,
  type MigrationsMismatchDetails,
  MigrationsMismatchError,
  TransactionClosedError,
} from "./errors.ts";
export {
  type AssertMigrationsCurrentParameters,
  assertMigrationsCurrent,
} from "./migrate/assertMigrationsCurrent.ts";
export {
  defaultMigrationsDir,
  loadMigrations,
  type Migration,
  migrationChecksum,
} from "./migrate/loadMigrations.ts";
export { type MigrateParameters, type MigrateReturnType, migrate } from "./migrate/migrate.ts";
export {
  type CapTable,
  type CapTableAtParameters,
  type CapTableEntry,
  capTableAt,
} from "./queries/capTableAt.ts";
export { type CopyColumnType, encodeBinaryRows } from "./queries/copyBinary.ts";
export {
  copyRows,
  type EncodedRows,
  encodedRowsStatements,
  encodeRows,
  writeEncodedRows,
} from "./queries/copyRows.ts";
export { expectCheckpointStatement } from "./queries/expectCheckpoint.ts";
export { type Checkpoint, findCheckpoint } from "./queries/findCheckpoint.ts";
export { getCheckpoint } from "./queries/getCheckpoint.ts";
export {
  type HoldersOfRecord,
  type HoldersOfRecordAtParameters,
  holdersOfRecordAt,
} from "./queries/holdersOfRecordAt.ts";
export { type InsertRowsOptions, insertRows, insertRowsStatements } from "./queries/insertRows.ts";
export {
  type InsertTransfersErrorType,
  type InsertTransfersParameters,
  type InsertTransfersReturnType,
  insertTransfers,
  type JournalEntry,
  newWalletBalance,
  readWalletBalances,
  TRANSFER_COLUMN_TYPES,
  TRANSFER_COLUMNS,
  type TransferKind,
  upsertWalletBalances,
  upsertWalletBalancesStatements,
  type WalletBalance,
  walkTransfers,
} from "./queries/insertTransfers.ts";
export { PER_BLOCK_TABLES, type RollbackToReturnType, rollbackTo } from "./queries/rollbackTo.ts";
export {
  type SetCheckpointParameters,
  setCheckpoint,
  setCheckpointStatement,
} from "./queries/setCheckpoint.ts";
export { STATE_TABLES, type StateChecksum, stateChecksum } from "./queries/stateChecksum.ts";
export type {
  CopyFormat,
  Database,
  DatabaseKind,
  DatabaseLogger,
  Queryable,
  QueryResult,
  Session,
  Statement,
  Transaction,
  TransactionRunner,
} from "./types.ts";
export { HexBytes } from "./values/hexBytes.ts";
export { toDbAddress } from "./values/toDbAddress.ts";
export { toDbHash } from "./values/toDbHash.ts";
export { toDbJson } from "./values/toDbJson.ts";

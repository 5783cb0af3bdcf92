// @coinscious/db/testing — isolated databases for tests (PGlite, or a fresh schema on TEST_DATABASE_URL).
export {
  type CreateTestDatabaseParameters,
  createTestDatabase,
  type TestDatabase,
  withSearchPath,
} from "./createTestDatabase.ts";
export {
  type DatabaseSuiteContext,
  type DescribeDatabasesOptions,
  describeDatabases,
} from "./describeDatabases.ts";
export { fakeAddress, fakeHash } from "./fakes.ts";

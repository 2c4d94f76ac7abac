export {
  buildTestApp,
  call,
  createTestTenant,
  loginAs,
  TEST_PASSWORD,
  type TestTenant,
} from './app-fixture';
export { testDatabases, type TestDatabaseTarget } from './databases';
export { statusHistoryViolations } from './status-history';

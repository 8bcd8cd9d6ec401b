/**
 * Tests run from TypeScript sources through ts-jest (type checking is `npm run build`'s job).
 * Each test file gets a fresh worker process: node-tree-sitter's JS wrapper patches its native
 * classes when loaded, and jest re-runs module code for every test file, which would patch the
 * one native binding of the process twice.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 120000,
  maxWorkers: 2,
  workerIdleMemoryLimit: '1MB',
};

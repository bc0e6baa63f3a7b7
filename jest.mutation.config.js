/**
 * Jest as StrykerJS runs it (`npm run mutation`): the unit tests only, transpiled without type
 * checks (a mutant may not type-check, and that must not count as a test killing it).
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/unit'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  testTimeout: 30000,
};

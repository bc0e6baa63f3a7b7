/** @type {import('jest').Config} */
const shared = {
  testEnvironment: 'node',
  testMatch: ['**/*.test.ts'],
  // Transpiles only (tsconfig.json's isolatedModules): the type-check is the globalSetup's, once.
  transform: { '^.+\\.ts$': 'ts-jest' },
};

/** @type {import('jest').Config} */
module.exports = {
  // Global options: jest ignores them inside a project.
  testTimeout: 30000,
  // Type-checks the whole project, tests included, before any test runs: a type error fails jest.
  globalSetup: '<rootDir>/test/support/type-check.ts',
  projects: [
    {
      ...shared,
      displayName: 'node',
      roots: ['<rootDir>/test'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/browser/'],
    },
    {
      ...shared,
      displayName: 'browser',
      roots: ['<rootDir>/test/browser'],
      // Installs Debian's Chromium when it is missing (dev/ensure-chromium.sh). A project's globalSetup
      // runs only when at least one of its tests is selected, so other jest runs never touch apt.
      globalSetup: '<rootDir>/test/support/ensure-chromium.ts',
    },
  ],
};

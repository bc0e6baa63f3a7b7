/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  testTimeout: 30000,
  // Installs Debian's Chromium for the browser test when it is missing (dev/ensure-chromium.sh).
  globalSetup: '<rootDir>/test/support/ensure-chromium.ts',
};

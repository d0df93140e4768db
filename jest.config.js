/**
 * Five suites: unit specs beside the code, integration and end-to-end against real services, the
 * dashboard in a real browser (headless Chromium driven by playwright-core), and one load test.
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    // import() stays import(): ES-module-only packages (the OpenAPI linter) load natively under
    // --experimental-vm-modules, as PGlite's own import() calls do.
    module: { type: 'commonjs', ignoreDynamic: true },
  },
];
// @fastify/static (the docs UI) needs content-disposition, which ships ES modules only: jest
// compiles that one package to CommonJS like the rest.
const esmOnly = ['content-disposition'];
const shared = {
  transform: {
    '^.+\\.ts$': swc,
    [`/node_modules/(${esmOnly.join('|')})/.+\\.js$`]: ['@swc/jest', { module: { type: 'commonjs' }, jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: { '^@policy-ledger/(.*)$': '<rootDir>/libs/$1/src' },
  testEnvironment: 'node',
};

const LOAD = 'test/e2e/events-stream-load.test.ts';

module.exports = {
  // Integration and end-to-end suites start consumer groups and PGlite; their hooks take seconds.
  testTimeout: 60_000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', LOAD],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
    },
    // Latency under load (/health with 500 open streams): npm test runs it alone, after the rest,
    // so that no other test file shares the cores with it.
    {
      ...shared,
      displayName: 'load',
      testMatch: [`<rootDir>/${LOAD}`],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
    },
    {
      ...shared,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
    },
  ],
};

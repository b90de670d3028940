// Nest 12 ships ESM only; swc turns both our code and @nestjs/* into CommonJS for jest.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const shared = {
  transform: { '^.+\\.(t|j|mj)s$': swc },
  // content-disposition 3 (of @fastify/static, which Swagger UI is served with on Fastify) is ESM only too.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|jose|@fastify/static/node_modules/content-disposition|content-disposition)/)'],
  moduleNameMapper: {
    '^@ndp/(catalogue|event-store|projections|auth|integration)$': '<rootDir>/libs/$1/src',
  },
  testEnvironment: 'node',
};
module.exports = {
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  // A Kafka broker the tests start is stopped when they end (see broker-global-setup.js).
  globalSetup: '<rootDir>/test/support/broker-global-setup.js',
  globalTeardown: '<rootDir>/test/support/broker-global-teardown.js',
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    { ...shared, displayName: 'integration', testMatch: ['<rootDir>/{apps,libs,test}/**/*.int-spec.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/{apps,test}/**/*.e2e-spec.ts'] },
    // Only with `npm run test:esdb` (needs a server): not part of `npm test`.
    { ...shared, displayName: 'esdb', testMatch: ['<rootDir>/libs/**/*.esdb-spec.ts'] },
  ],
};

// @ts-check
/** Three tiers: pure unit specs, integration against real PostgreSQL/Kafka, end-to-end with services as processes. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

/** @param {string} displayName @param {string[]} testMatch @param {Partial<import('jest').Config>} [extra] @returns {import('jest').Config} */
const tier = (displayName, testMatch, extra = {}) => ({
  displayName,
  rootDir: __dirname,
  testMatch,
  testEnvironment: 'node',
  // jose ships ES modules only: compiled like our sources so the CommonJS test runtime can load it.
  transform: { '^.+\\.ts$': swc, '/node_modules/jose/.+\\.js$': swc },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleNameMapper: { '^@mallcare/(.*)$': '<rootDir>/libs/$1/src/index.ts' },
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.data/', '/.cache/'],
  ...extra,
});

/** @type {import('jest').Config} */
module.exports = {
  globalSetup: '<rootDir>/libs/testing/src/global-setup.js',
  globalTeardown: '<rootDir>/libs/testing/src/global-teardown.js',
  projects: [
    // A bound, not a speed check: exporters and font loading take seconds when the host is busy.
    tier('unit', ['<rootDir>/{libs,services,test}/**/*.spec.ts'], { testTimeout: 30_000 }),
    tier('integration', ['<rootDir>/{libs,services}/**/*.int-spec.ts'], { setupFilesAfterEnv: ['<rootDir>/libs/testing/src/integration-tier.js'] }),
    tier('e2e', ['<rootDir>/test/**/*.e2e-spec.ts'], { setupFilesAfterEnv: ['<rootDir>/libs/testing/src/e2e-tier.js'] }),
  ],
};

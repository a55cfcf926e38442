import type { Config } from 'jest';

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
] as const;

const moduleNameMapper = {
  '^@mallcare/(.*)$': '<rootDir>/libs/$1/src/index.ts',
};

const tier = (displayName: string, testMatch: string[], extra: Partial<Config> = {}): Config => ({
  displayName,
  rootDir: __dirname,
  testMatch,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc as unknown as [string, Record<string, unknown>] },
  moduleNameMapper,
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.data/', '/.cache/'],
  ...extra,
});

/** Three tiers: pure unit specs, integration against real PostgreSQL/Kafka, end-to-end with services as processes. */
const config: Config = {
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
  projects: [
    tier('unit', ['<rootDir>/{libs,services}/**/*.spec.ts']),
    tier('integration', ['<rootDir>/{libs,services}/**/*.int-spec.ts']),
    tier('e2e', ['<rootDir>/test/**/*.e2e-spec.ts']),
  ],
};

export default config;

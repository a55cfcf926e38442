import nx from '@nx/eslint-plugin';

const scopes = ['intake', 'routing', 'sla-monitor', 'callback', 'analytics', 'gateway'];

/** What may import what. Domain code imports no adapters; no service imports another service. */
const depConstraints = [
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'] },
  { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: ['type:domain', 'type:adapter'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:domain', 'type:adapter'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:domain', 'type:adapter', 'type:testing'] },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  // The staff console runs in the browser: it talks to the services over HTTP only, never imports their code.
  { sourceTag: 'type:web', onlyDependOnLibsWithTags: ['type:web'] },
  { sourceTag: 'scope:console', onlyDependOnLibsWithTags: ['scope:console'] },
  ...scopes.map((scope) => ({ sourceTag: `scope:${scope}`, onlyDependOnLibsWithTags: ['scope:shared', `scope:${scope}`] })),
];

/** Pure domain code: deciders, contracts and policy take no framework, database or broker. */
const adapterModules = ['@nestjs/*', 'typeorm', 'pg', 'kafkajs', 'prom-client', 'express', 'node:http', 'node:fs'];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '.data', '.cache', '.nx', 'coverage', '**/*.js', '**/*.mjs', 'web/console/src/api/generated/**'] },
  {
    files: ['**/*.ts', 'web/**/*.tsx'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: true, allow: [], depConstraints }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/test-support/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: depConstraints.map((constraint) =>
            constraint.sourceTag.startsWith('type:') ? { ...constraint, onlyDependOnLibsWithTags: [...constraint.onlyDependOnLibsWithTags, 'type:testing'] } : constraint,
          ),
        },
      ],
    },
  },
  {
    files: ['libs/contracts/src/**/*.ts', 'libs/policy/src/**/*.ts', 'libs/calendar/src/**/*.ts', 'services/*/src/**/*.{decider,commands,state,rules}.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: adapterModules.map((group) => ({ group: [group], message: 'domain code stays free of adapters' })) }],
    },
  },
  {
    files: ['scripts/**/*.ts', 'bench/**/*.ts', 'services/gateway/src/main.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // The repo-level project (project.json "mallcare"): the launcher, the system's own specs and the benches start
    // every service and read their code by path; the boundaries are between the services and libs they run.
    files: ['scripts/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
];

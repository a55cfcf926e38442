/**
 * What the built services read, taken from their sources (what `npm run build` compiles: no tests, no
 * test support): the deployment specs check every file that configures them against it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SERVICE_NAMES, type ServiceName } from '@mallcare/contracts';

const root = resolve(__dirname, '..', '..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');

const walk = (dir: string): string[] =>
  readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : walk(path);
    return [path];
  });

const isRuntimeSource = (path: string): boolean =>
  path.endsWith('.ts') &&
  !/\.(spec|int-spec|e2e-spec)\.ts$/.test(path) &&
  !path.includes('/test-support/') &&
  !path.startsWith('libs/testing/');

export const runtimeSources: ReadonlyMap<string, string> = new Map(
  ['libs', 'services'].flatMap(walk).filter(isRuntimeSource).map((path) => [path, read(path)] as const),
);

export const envPrefixOf = (service: ServiceName): string => service.toUpperCase().replace(/-/g, '_');

/**
 * Environment variable names a source reads: `process.env.X`, `env.X`, `env['X']`; `env[`${prefix}_X`]` with a
 * service prefix (INTAKE_X, …); and names passed to a local helper that indexes `env` by its parameter
 * (the config loader's `pick('PORT')`, which also reads the service-prefixed INTAKE_PORT).
 */
export const envNamesReadBy = (source: string): Set<string> => {
  const names = new Set<string>();
  const prefixes = SERVICE_NAMES.map(envPrefixOf);
  for (const [, dotted, indexed] of source.matchAll(/\benv(?:\.([A-Z][A-Z0-9_]*)\b|\[\s*['"`]([A-Z][A-Z0-9_]*)['"`]\s*\])/g)) {
    names.add(dotted ?? indexed);
  }
  for (const [, suffix] of source.matchAll(/\benv\[\s*`\$\{\w+\}_([A-Z][A-Z0-9_]*)`\s*\]/g)) {
    for (const prefix of prefixes) names.add(`${prefix}_${suffix}`);
  }
  for (const [, helper, param, body] of source.matchAll(/const (\w+) = \((\w+)\b[^)]*\)[^\n]*?=>([^\n]*)/g)) {
    const plain = new RegExp(`\\benv\\[\\s*${param}\\s*\\]`).test(body);
    const prefixed = new RegExp(`\\benv\\[\\s*\`\\$\\{\\w+\\}_\\$\\{${param}\\}\`\\s*\\]`).test(body);
    if (!plain && !prefixed) continue;
    for (const [, name] of source.matchAll(new RegExp(`\\b${helper}\\(\\s*'([A-Z][A-Z0-9_]*)'`, 'g'))) {
      if (plain) names.add(name);
      if (prefixed) for (const prefix of prefixes) names.add(`${prefix}_${name}`);
    }
  }
  // A settings class read by the config loader (`loadServiceSettings('intake', PersonalDataEnvironment)`):
  // its field names are the variables.
  for (const [, schema] of source.matchAll(/\bloadServiceSettings\(\s*'[\w-]+'\s*,\s*(\w+)/g)) {
    const body = new RegExp(`class ${schema}\\b[^{]*\\{([\\s\\S]*?)\\n\\}`).exec(source)?.[1] ?? '';
    for (const [, name] of body.matchAll(/^\s+([A-Z][A-Z0-9_]*)[?!]?\s*[:=]/gm)) names.add(name);
  }
  return names;
};

export const envNamesRead: ReadonlySet<string> = new Set([...runtimeSources.values()].flatMap((source) => [...envNamesReadBy(source)]));


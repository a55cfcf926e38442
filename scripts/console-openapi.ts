/**
 * Writes each service's OpenAPI document to web/console/openapi/ and the console's typed client
 * types from it (openapi-typescript). Starts the built system as `npm start` does, on its own ports
 * and data folder, reads /<service>/docs/openapi.json through the gateway, and stops it.
 *   npm run console:api
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SERVICE_NAMES } from '@mallcare/contracts';

const root = resolve(__dirname, '..', '..');
const openapiDir = join(root, 'web', 'console', 'openapi');
const generatedDir = join(root, 'web', 'console', 'src', 'api', 'generated');

/** Keys sorted, so the committed document changes only when the API does. */
export const stableJson = (value: unknown): string =>
  `${JSON.stringify(
    value,
    (_key, item: unknown) =>
      item && typeof item === 'object' && !Array.isArray(item) ? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : item,
    2,
  )}\n`;

const main = async () => {
  const data = mkdtempSync(join(tmpdir(), 'mallcare-openapi-'));
  // As root, embedded PostgreSQL runs as its own user, which must reach the folder.
  chmodSync(data, 0o755);
  const portBase = Number(process.env.MALLCARE_PORT_BASE ?? 6_100);
  const child = spawn(process.execPath, [join(root, 'dist', 'scripts', 'launch.js')], {
    cwd: root,
    env: { ...process.env, MALLCARE_PORT_BASE: String(portBase), MALLCARE_PG_PORT: String(portBase + 90), MALLCARE_DATA: data, DATABASE_URL: '', KAFKA_BROKERS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  try {
    const deadline = Date.now() + 180_000;
    let baseUrl: string | undefined;
    while (!baseUrl) {
      baseUrl = /ready — base URL: (http:\/\/\S+)/.exec(log)?.[1];
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the system did not start (exit ${String(child.exitCode)}):\n${log.slice(0, 6000)}`);
      await new Promise((done) => setTimeout(done, 300));
    }
    mkdirSync(openapiDir, { recursive: true });
    mkdirSync(generatedDir, { recursive: true });
    for (const service of SERVICE_NAMES) {
      const response = await fetch(`${baseUrl}/${service}/docs/openapi.json`);
      if (!response.ok) throw new Error(`${service}/docs-json docs answered ${response.status}`);
      const file = join(openapiDir, `${service}.json`);
      writeFileSync(file, stableJson(await response.json()));
      const types = spawnSync(join(root, 'node_modules', '.bin', 'openapi-typescript'), [file, '-o', join(generatedDir, `${service}.ts`)], { stdio: 'inherit' });
      if (types.status !== 0) throw new Error(`openapi-typescript failed for ${service}`);
      console.log(`${service}: web/console/openapi/${service}.json, web/console/src/api/generated/${service}.ts`);
    }
  } finally {
    child.kill('SIGINT');
    await exited;
    rmSync(data, { recursive: true, force: true });
  }
};

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}

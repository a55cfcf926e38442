import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { describe, expect, it } from 'vitest';

const SERVICES = ['intake', 'routing', 'sla-monitor', 'callback', 'analytics'];
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The client's types are what openapi-typescript makes of the committed OpenAPI documents; the e2e
 * run checks those documents against the running services. Together: a stale client fails the build.
 * Refresh both with `npm run console:api`.
 */
describe('the generated API client', () => {
  it.each(SERVICES)('%s: the committed types are generated from the committed OpenAPI document', async (service) => {
    const document = readFileSync(here(`../../openapi/${service}.json`), 'utf8');
    const committed = readFileSync(here(`./generated/${service}.ts`), 'utf8');
    const generated = astToString(await openapiTS(document));
    // The CLI adds a banner; the types themselves must match exactly.
    expect(committed.slice(committed.indexOf('export'))).toBe(generated.slice(generated.indexOf('export')));
  });
});

import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ROLES, SERVICE_NAMES, type ServiceName } from '@mallcare/contracts';
import { SAMPLE_GROUP_POLICY } from '@mallcare/policy';
import { issueTestToken, seedIdentity, TEST_SIGNING_JWK } from '@mallcare/testing';
import { freePort, startSystem, withSystemLog, type RunningSystem } from './support/running-system';
import { escalatorComplaint } from './support/thin-flow';

/**
 * Issue 11 items 12–14 and issue 16 ("hostile input must never be a 500"), on the running system
 * (every service its own process): bodies over the limit, JSON nested thousands of levels deep and
 * control characters in text are 4xx problem details on every service; then a bounded schemathesis run
 * against every service's OpenAPI fails on any 5xx, any answer that breaks its schema and any status
 * the document does not list.
 */

const root = resolve(__dirname, '..');
const PORT_BASE = 4600;
const portOf = (service: ServiceName) => PORT_BASE + 1 + SERVICE_NAMES.indexOf(service);
const serviceUrl = (service: ServiceName) => `http://127.0.0.1:${portOf(service)}`;

interface Operation {
  method: string;
  path: string;
  parameters?: { name: string; in: string; required?: boolean; schema?: { type?: string; enum?: unknown[]; format?: string } }[];
  requestBody?: unknown;
  roles: 'public' | string[];
}

/** A token for each role, of a sample-group member of SH01 (or HQ for HQ roles); '*' for any staff. */
const tokensByRole = (): Record<string, string> => {
  const tokens: Record<string, string> = {};
  for (const role of ROLES) {
    const member = SAMPLE_GROUP_POLICY.staff.find((staff) => staff.active && staff.roles.includes(role) && (staff.mallId === 'SH01' || staff.mallId === null));
    if (member) tokens[role] = issueTestToken(seedIdentity(member.id));
  }
  tokens['*'] = tokens['mall-gm'];
  return tokens;
};

const operationsOf = async (service: ServiceName): Promise<Operation[]> => {
  const document = (await (await fetch(`${serviceUrl(service)}/docs/openapi.json`)).json()) as { paths: Record<string, Record<string, Record<string, unknown>>> };
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      parameters: operation.parameters as Operation['parameters'],
      requestBody: operation.requestBody,
      roles: (operation['x-mallcare-roles'] as Operation['roles'] | undefined) ?? [],
    })),
  );
};

/** A concrete URL for an operation: path parameters filled with plausible values, the given query. */
const urlOf = (service: ServiceName, operation: Operation, query: Record<string, string> = {}) => {
  const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => (/mall/i.test(name) ? 'SH01' : '00000000-0000-4000-8000-000000000000'));
  const search = new URLSearchParams(query).toString();
  return `${serviceUrl(service)}${path}${search ? `?${search}` : ''}`;
};

const A_COMPLAINT = escalatorComplaint('SH01', { recordedBy: 'sh01-desk-1', place: '1F', description: 'escalator 3 stopped' });

const schemathesisCommand = (): string | null => {
  const candidates = [process.env.SCHEMATHESIS, join(root, '.cache', 'schemathesis', 'bin', 'schemathesis'), 'schemathesis'].filter((c): c is string => !!c);
  return candidates.find((candidate) => spawnSync(candidate, ['--version'], { stdio: 'ignore' }).status === 0) ?? null;
};

describe('hostile input on every service', () => {
  let system: RunningSystem | null = null;
  let dataDir: string;
  let tokens: Record<string, string>;
  const operations = new Map<ServiceName, Operation[]>();
  const headersFor = (operation: Operation): Record<string, string> =>
    operation.roles === 'public' ? {} : { authorization: `Bearer ${tokens[operation.roles[0] ?? '*']}` };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mallcare-hostile-'));
    system = await startSystem({
      MALLCARE_DATA: dataDir,
      MALLCARE_PG_PORT: String(await freePort()),
      MALLCARE_PORT_BASE: String(PORT_BASE),
      AUTH_SIGNING_KEY: JSON.stringify(TEST_SIGNING_JWK),
      INTAKE_PII_MASTER_KEY: randomBytes(32).toString('base64'),
    });
    tokens = tokensByRole();
    for (const service of SERVICE_NAMES) operations.set(service, await operationsOf(service));
  });
  afterAll(async () => {
    await system?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const withBody = (service: ServiceName) => {
    const found = operations.get(service)?.find((operation) => operation.requestBody !== undefined);
    if (!found) throw new Error(`${service} documents no operation with a body`);
    return found;
  };
  const send = (service: ServiceName, operation: Operation, body: string) =>
    fetch(urlOf(service, operation), { method: operation.method, headers: { ...headersFor(operation), 'content-type': 'application/json' }, body });

  it.each(SERVICE_NAMES)('%s: a body over the size limit is 413 problem details', async (service) => {
    const response = await send(service, withBody(service), JSON.stringify({ description: 'x'.repeat(300_000) }));
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 413, code: 'entity-too-large' });
  });

  it.each(SERVICE_NAMES)('%s: JSON nested 5,000 levels deep is 400 before validation', async (service) => {
    const response = await send(service, withBody(service), `{"note":${'['.repeat(5000)}${']'.repeat(5000)}}`);
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: { field: string; messages: string[] }[] };
    expect(problem.errors[0].messages[0]).toMatch(/nested more than \d+ levels/);
  });

  it.each(SERVICE_NAMES)('%s: a NUL or control character in any text query filter or path parameter is a field-level 400', async (service) => {
    const checked: string[] = [];
    for (const operation of operations.get(service) ?? []) {
      if (operation.method !== 'GET') continue;
      for (const parameter of operation.parameters ?? []) {
        if (parameter.schema?.type !== 'string' || parameter.schema.enum || parameter.in === 'header') continue;
        for (const hostile of ['T\u0000x', 'T\u001bx']) {
          const url =
            parameter.in === 'path'
              ? urlOf(service, { ...operation, path: operation.path.replace(`{${parameter.name}}`, encodeURIComponent(hostile)) })
              : urlOf(service, operation, { [parameter.name]: hostile });
          const response = await fetch(url, { headers: headersFor(operation) });
          const problem = (await response.json()) as { errors?: { field: string }[] };
          expect({ url, status: response.status, fields: problem.errors?.map((error) => error.field) }).toEqual({ url, status: 400, fields: [parameter.name] });
        }
        checked.push(`${operation.path}:${parameter.name}`);
      }
    }
    // Every service has text filters or ids to check; a service with none would make this test vacuous.
    expect(checked.length).toBeGreaterThan(0);
  });

  it('intake: a NUL in a complaint\'s description or reporter name is a field-level 400; prose keeps its newlines', async () => {
    const register = (extra: Record<string, string>) =>
      fetch(`${serviceUrl('intake')}/complaints`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens['front-desk-agent']}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ...A_COMPLAINT, ...extra }),
      });
    for (const [field, value] of [
      ['description', 'escalator\u0000stopped'],
      ['reporterName', 'Zhang\u0000San'],
      ['reporterName', 'Zhang\nSan'],
    ]) {
      const response = await register({ [field]: value });
      expect({ field, status: response.status, body: await response.json() }).toMatchObject({ field, status: 400, body: { errors: [{ field }] } });
    }
    const prose = await register({ description: 'escalator 3 stopped\n\tcustomer shaken' });
    expect(prose.status).toBe(201);
  });

  it.each(SERVICE_NAMES)('%s: every operation documents its success answer beside its errors', async (service) => {
    const document = (await (await fetch(`${serviceUrl(service)}/docs/openapi.json`)).json()) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    const withoutSuccess = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([, operation]) => !Object.keys(operation.responses).some((status) => status.startsWith('2')))
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(withoutSuccess).toEqual([]);
  });

  it('schemathesis finds no 5xx, no schema-breaking answer and no undocumented status on any service', async () => {
    const command = schemathesisCommand();
    if (!command) {
      throw new Error('schemathesis is not installed: `python3 -m venv .cache/schemathesis && .cache/schemathesis/bin/pip install -r test/schemathesis/requirements.txt` (what .ci/run does)');
    }
    const running = system as RunningSystem;
    // A few real cases, so generated requests also reach existing ones (see mallcare_hooks.py).
    const knownIds: string[] = [];
    for (const place of ['1F', '2F', 'B1']) {
      const response = await fetch(`${serviceUrl('intake')}/complaints`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens['front-desk-agent']}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ...A_COMPLAINT, place }),
      });
      expect(response.status).toBe(201);
      knownIds.push(((await response.json()) as { id: string }).id);
    }
    const failures: string[] = [];
    for (const service of SERVICE_NAMES) {
      const run = spawnSync(
        command,
        [
          '--config-file',
          join(root, 'test', 'schemathesis', 'schemathesis.toml'),
          'run',
          `${serviceUrl(service)}/docs/openapi.json`,
          '--checks',
          'not_a_server_error,status_code_conformance,response_schema_conformance,content_type_conformance',
          '--no-color',
          // A server-sent event stream never ends: a request to it only waits out the timeout.
          // GET /live has its own integration tests (services/routing/src/live).
          '--exclude-path',
          '/live',
        ],
        {
          cwd: join(root, 'test', 'schemathesis'),
          env: { ...process.env, SCHEMATHESIS_HOOKS: 'mallcare_hooks', PYTHONPATH: join(root, 'test', 'schemathesis'), MALLCARE_TOKENS: JSON.stringify(tokens), MALLCARE_KNOWN_IDS: knownIds.join(',') },
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
          timeout: 240_000,
        },
      );
      const summary = /(\d+) generated[^\n]*/.exec(run.stdout ?? '')?.[0] ?? 'no summary';
      if (run.status !== 0) failures.push(`--- ${service} (exit ${run.status ?? run.signal}): ${summary}\n${(run.stdout ?? '').slice(-12_000)}${run.stderr ?? ''}`);
    }
    await withSystemLog(running, async () => expect(failures.join('\n')).toBe(''));
  }, 600_000);
});

// The schemathesis hooks and settings live beside this spec; a moved folder must not pass silently.
if (!existsSync(join(root, 'test', 'schemathesis', 'mallcare_hooks.py'))) throw new Error('test/schemathesis/mallcare_hooks.py is missing');

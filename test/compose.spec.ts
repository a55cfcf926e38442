/**
 * The container deployment (docker-compose.yml, Dockerfile, deploy/) checked against the code: service
 * names and ports, the environment variables the services read, the metrics and labels they export.
 * Everything the files may name is read from the sources here, so a rename in the code fails this spec.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { DEFAULT_PORTS, GATEWAY_DEFAULT_PORT, SERVICE_NAMES } from '@mallcare/contracts';
import { loadServiceConfig } from '@mallcare/platform';
import { generateSigningJwk } from '@mallcare/policy';
import { envNamesRead, envNamesReadBy, envPrefixOf, runtimeSources } from './support/runtime-sources';

const root = resolve(__dirname, '..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');
const readYaml = <T>(path: string): T => parse(read(path), { merge: true }) as T;

// ---------------------------------------------------------------------------------------------
// What the files look like (only the parts checked here)

type Scalar = string | number | boolean | null;

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string | string[];
  environment?: Record<string, Scalar> | string[];
  expose?: (string | number)[];
  ports?: (string | number | { target: number | string })[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[] };
  volumes?: (string | { type?: string; source?: string; target?: string })[];
}

interface Compose {
  services: Record<string, ComposeService>;
}

interface PrometheusConfig {
  rule_files?: string[];
  scrape_configs: { job_name: string; metrics_path?: string; static_configs?: { targets: string[]; labels?: Record<string, string> }[] }[];
}

interface AlertRules {
  groups: { name: string; rules: { alert?: string; record?: string; expr: string; labels?: Record<string, string>; annotations?: Record<string, string> }[] }[];
}

interface GrafanaPanel {
  id: number;
  title: string;
  datasource?: { type: string; uid: string };
  targets?: { expr: string; legendFormat?: string; datasource?: { uid: string } }[];
  panels?: GrafanaPanel[];
}

interface GrafanaDashboard {
  uid: string;
  panels: GrafanaPanel[];
  templating?: { list: { name: string; type: string; datasource?: { uid: string }; definition?: string; query?: string | { query: string } }[] };
}

// ---------------------------------------------------------------------------------------------
// The sources the services are built from (what `npm run build` compiles: no tests, no test support)

type MetricKind = 'counter' | 'gauge' | 'histogram' | 'summary';
interface MetricDefinition {
  name: string;
  kind: MetricKind;
  labels: string[];
}

/** prom-client metrics declared in a source: `new Counter({ name: '…', labelNames: […] })` and the like. */
const metricsDeclaredBy = (source: string): MetricDefinition[] =>
  [...source.matchAll(/new (Counter|Gauge|Histogram|Summary)\b(?:<[^>]*>)?\(\s*\{([\s\S]*?)\}\s*\)/g)].flatMap(([, kind, body]) => {
    const name = /\bname:\s*'([^']+)'/.exec(body)?.[1];
    if (!name) return [];
    const labelList = /\blabelNames:\s*\[([^\]]*)\]/.exec(body)?.[1] ?? '';
    return [{ name, kind: kind.toLowerCase() as MetricKind, labels: [...labelList.matchAll(/'([^']+)'/g)].map(([, label]) => label) }];
  });

const declaredMetrics = [...runtimeSources.values()].flatMap(metricsDeclaredBy);
/** Labels every registry adds to its series: `registry.setDefaultLabels({ service: … })`. */
const defaultLabels = [...runtimeSources.values()].flatMap((source) =>
  [...source.matchAll(/setDefaultLabels\(\s*\{([^}]*)\}\s*\)/g)].flatMap(([, body]) => [...body.matchAll(/(\w+)\s*:/g)].map(([, key]) => key)),
);

// ---------------------------------------------------------------------------------------------
// PromQL, read just enough to name the series and labels an expression uses

const GROUPING = /\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g;
const PROMQL_WORDS = new Set([
  'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'offset', 'bool', 'inf', 'nan',
  'sum', 'min', 'max', 'avg', 'group', 'stddev', 'stdvar', 'count', 'count_values', 'bottomk', 'topk', 'quantile', 'limitk', 'limit_ratio',
]);

const readPromql = (expr: string): { series: string[]; labels: string[] } => {
  const labels = new Set<string>();
  for (const [, matchers] of expr.matchAll(/\{([^}]*)\}/g)) {
    for (const [, label] of matchers.matchAll(/([a-zA-Z_]\w*)\s*(?:=~|!~|!=|=)/g)) if (label !== '__name__') labels.add(label);
  }
  for (const [, list] of expr.matchAll(GROUPING)) {
    for (const label of list.split(',').map((part) => part.trim())) if (label) labels.add(label);
  }
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(GROUPING, ' ');
  const series = new Set<string>();
  for (const match of bare.matchAll(/(?<![\w.$])[a-zA-Z_:][\w:]*/g)) {
    const rest = bare.slice((match.index ?? 0) + match[0].length);
    if (PROMQL_WORDS.has(match[0]) || /^\s*\(/.test(rest)) continue;
    series.add(match[0]);
  }
  return { series: [...series], labels: [...labels] };
};

/** Grafana's `label_values(<selector>, <label>)` is PromQL plus one label. */
const readTemplateQuery = (query: string): { series: string[]; labels: string[] } => {
  const call = /^\s*label_values\((.*),\s*([a-zA-Z_]\w*)\s*\)\s*$/.exec(query);
  if (!call) return readPromql(query);
  const inner = readPromql(call[1]);
  return { series: inner.series, labels: [...inner.labels, call[2]] };
};

// ---------------------------------------------------------------------------------------------
// The files

const compose = readYaml<Compose>('docker-compose.yml');
const services = compose.services;
const prometheus = readYaml<PrometheusConfig>('deploy/prometheus/prometheus.yml');
const alerts = readYaml<AlertRules>('deploy/prometheus/alerts.yml');
const dashboardPath = 'deploy/grafana/dashboards/mallcare-backbone.json';
const dashboard = JSON.parse(read(dashboardPath)) as GrafanaDashboard;

const APP_NAMES = [...SERVICE_NAMES, 'gateway'] as const;
const sorted = (values: Iterable<string>): string[] => [...values].sort();

const environmentOf = (name: string): Record<string, string> => {
  const environment = services[name]?.environment ?? {};
  if (Array.isArray(environment)) {
    return Object.fromEntries(environment.map((entry) => [entry.split('=')[0], entry.slice(entry.indexOf('=') + 1)]));
  }
  return Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, value === null ? '' : String(value)]));
};

/** Compose's `${VAR}`, `${VAR:-default}`, `${VAR:?message}` with the values a developer would export. */
const interpolate = (value: string, variables: Record<string, string>): string =>
  value
    .replace(/(?<!\$)\$\{([A-Za-z_]\w*)(?:(:?[-?])([^}]*))?\}/g, (_match, name: string, operator: string | undefined, argument: string) => {
      if (variables[name] !== undefined) return variables[name];
      if (operator?.endsWith('-')) return argument;
      throw new Error(`docker-compose.yml needs ${name}, which this spec does not supply`);
    })
    .replace(/\$\$/g, '$');

const COMPOSE_VARIABLES = {
  POSTGRES_PASSWORD: '0123456789abcdef',
  AUTH_SIGNING_KEY: JSON.stringify(generateSigningJwk()),
  INTAKE_PII_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
  GRAFANA_ADMIN_PASSWORD: 'fedcba9876543210',
};

const dependenciesOf = (name: string): Record<string, string | undefined> => {
  const dependsOn = services[name]?.depends_on ?? [];
  return Array.isArray(dependsOn)
    ? Object.fromEntries(dependsOn.map((target) => [target, undefined]))
    : Object.fromEntries(Object.entries(dependsOn).map(([target, { condition }]) => [target, condition]));
};

const commandOf = (name: string): string[] => {
  const command = services[name]?.command ?? [];
  return Array.isArray(command) ? command : command.split(/\s+/);
};

const healthcheckCommandOf = (name: string): string => {
  const test = services[name]?.healthcheck?.test ?? [];
  return Array.isArray(test) ? test.join(' ') : test;
};

const containerPortsOf = (name: string): number[] => [
  ...(services[name]?.expose ?? []).map((port) => Number(String(port).split('/')[0])),
  ...(services[name]?.ports ?? []).map((port) =>
    typeof port === 'object' ? Number(port.target) : Number(String(port).split('/')[0].split(':').at(-1)),
  ),
];

const bindMountsOf = (name: string): { source: string; target: string }[] =>
  (services[name]?.volumes ?? []).flatMap((volume) => {
    if (typeof volume === 'object') return volume.type === 'bind' && volume.source && volume.target ? [{ source: volume.source, target: volume.target }] : [];
    const [source, target] = volume.split(':');
    return source.startsWith('.') || source.startsWith('/') ? [{ source, target }] : [];
  });

/** The compiled entry point named in a command, checked against its TypeScript source. */
const mainOf = (command: string[]): { service: string; sourceExists: boolean } | null => {
  for (const part of command) {
    const match = /^(?:\.\/)?dist\/services\/([a-z][a-z0-9-]*)\/src\/main\.js$/.exec(part);
    if (match) return { service: match[1], sourceExists: existsSync(join(root, 'services', match[1], 'src', 'main.ts')) };
  }
  return null;
};

const portOf = (name: (typeof APP_NAMES)[number]): number => {
  const environment = environmentOf(name);
  return Number(name === 'gateway' ? (environment.GATEWAY_PORT ?? environment.PORT) : environment.PORT);
};

const appImage = Object.values(services).find((service) => service.build !== undefined)?.image;
const appServiceNames = Object.entries(services)
  .filter(([, service]) => service.build !== undefined || (appImage !== undefined && service.image === appImage))
  .map(([name]) => name);

const scrapeJobs = prometheus.scrape_configs;
const scrapeTargets = scrapeJobs.flatMap((job) =>
  (job.static_configs ?? []).flatMap((group) => group.targets.map((target) => ({ job, target, labels: group.labels ?? {} }))),
);
const targetLabels = new Set(['job', 'instance', ...scrapeTargets.flatMap(({ labels }) => Object.keys(labels))]);

/** Every series name the code makes available to Prometheus, with the labels it can carry. */
const availableSeries = new Map<string, ReadonlySet<string>>([['up', targetLabels]]); // Prometheus's own per-target series
for (const { name, kind, labels } of declaredMetrics) {
  const carried = [...labels, ...defaultLabels, ...targetLabels];
  const withSuffixes = kind === 'histogram' || kind === 'summary';
  availableSeries.set(name, new Set(kind === 'summary' ? [...carried, 'quantile'] : carried));
  if (kind === 'histogram') availableSeries.set(`${name}_bucket`, new Set([...carried, 'le']));
  if (withSuffixes) for (const suffix of ['_sum', '_count']) availableSeries.set(`${name}${suffix}`, new Set(carried));
}

/** What is wrong with a query: series the code does not export, labels a series does not carry. */
const problemsIn = (query: { series: string[]; labels: string[] }, where: string): string[] => [
  ...query.series.filter((series) => !availableSeries.has(series)).map((series) => `${where}: no metric ${series} in libs/ or services/`),
  ...query.series.flatMap((series) =>
    query.labels
      .filter((label) => availableSeries.has(series) && !availableSeries.get(series)?.has(label))
      .map((label) => `${where}: ${series} has no label ${label}`),
  ),
];

const labelsInTemplate = (text: string, pattern: RegExp): string[] => [...text.matchAll(pattern)].map(([, label]) => label);

// ---------------------------------------------------------------------------------------------

describe('the readers this spec relies on', () => {
  it('names the series and labels of a PromQL expression, not its functions, keywords or durations', () => {
    const query = readPromql('sum by (service, le) (rate(x_bucket{stage="handler", a=~"$v"}[$__rate_interval])) > 0 or y unless y offset 15m');
    expect(sorted(query.series)).toEqual(['x_bucket', 'y']);
    expect(sorted(query.labels)).toEqual(['a', 'le', 'service', 'stage']);
    expect(readTemplateQuery('label_values(up{job="mallcare"}, service)')).toEqual({ series: ['up'], labels: ['job', 'service'] });
  });

  it('finds environment variables read directly, through a service prefix and through a helper', () => {
    const source = [
      "const a = process.env.ALPHA ?? env['BETA'];",
      'const url = env[`${prefix}_URL`];',
      'const pick = (name: string) => env[`${prefix}_${name}`] ?? env[name];',
      "pick('GAMMA');",
      "const other = (name: string) => name.length; other('NOT_READ');",
    ].join('\n');
    const names = envNamesReadBy(source);
    expect(names).toEqual(new Set(['ALPHA', 'BETA', 'GAMMA', ...SERVICE_NAMES.flatMap((s) => [`${envPrefixOf(s)}_URL`, `${envPrefixOf(s)}_GAMMA`])]));
  });

  it('finds the prom-client metrics the messaging library declares, with their labels', () => {
    expect(declaredMetrics.length).toBeGreaterThan(0);
    const lag = declaredMetrics.find((metric) => metric.name === 'mallcare_consumer_lag_events');
    expect(lag).toEqual({ name: 'mallcare_consumer_lag_events', kind: 'gauge', labels: ['source'] });
    expect(defaultLabels).toContain('service');
  });
});

describe('docker-compose.yml', () => {
  it('runs exactly the five services and the gateway from the app image', () => {
    expect(appImage).toBeDefined();
    expect(sorted(appServiceNames)).toEqual(sorted(APP_NAMES));
  });

  it.each(APP_NAMES)('runs %s from its compiled main, whose source exists', (name) => {
    expect(mainOf(commandOf(name))).toEqual({ service: name, sourceExists: true });
  });

  it.each(APP_NAMES)('gives %s the port the code defaults to, and exposes and health-checks that port', (name) => {
    const port = portOf(name);
    expect(port).toBe(name === 'gateway' ? GATEWAY_DEFAULT_PORT : DEFAULT_PORTS[name]);
    expect(containerPortsOf(name)).toContain(port);
    const probe = healthcheckCommandOf(name);
    expect(probe).toContain(name === 'gateway' ? `http://127.0.0.1:${port}/health` : `http://127.0.0.1:${port}/health/ready`);
  });

  it.each(APP_NAMES)('sets only environment variables the code reads, for %s', (name) => {
    const unread = Object.keys(environmentOf(name)).filter((variable) => !envNamesRead.has(variable));
    expect(unread).toEqual([]);
  });

  it.each(SERVICE_NAMES)('gives %s a configuration its loader accepts: Kafka and PostgreSQL from compose, on all interfaces', (name) => {
    const environment = Object.fromEntries(
      Object.entries(environmentOf(name)).map(([key, value]) => [key, interpolate(value, COMPOSE_VARIABLES)]),
    );
    const config = loadServiceConfig(name, environment);
    expect(config.host).toBe('0.0.0.0');
    expect(config.port).toBe(portOf(name));

    const database = new URL(config.databaseUrl);
    const postgres = environmentOf(database.hostname);
    expect(services[database.hostname]?.image).toMatch(/^postgres:17\b/);
    expect(database.port || '5432').toBe('5432');
    expect(database.username).toBe(postgres.POSTGRES_USER);
    expect(database.pathname).toBe(`/${postgres.POSTGRES_DB}`);
    expect(decodeURIComponent(database.password)).toBe(interpolate(postgres.POSTGRES_PASSWORD, COMPOSE_VARIABLES));

    expect(config.kafkaBrokers.length).toBeGreaterThan(0);
    for (const broker of config.kafkaBrokers) {
      const host = broker.split(':')[0];
      expect(environmentOf(host).KAFKA_ADVERTISED_LISTENERS?.split(',')).toContainEqual(expect.stringMatching(new RegExp(`://${broker}$`)));
    }
  });

  it('points the gateway at every service on the port compose gives it, listening on all interfaces', () => {
    const gateway = environmentOf('gateway');
    expect(gateway.HOST).toBe('0.0.0.0');
    for (const service of SERVICE_NAMES) {
      expect(gateway[`${envPrefixOf(service)}_URL`]).toBe(`http://${service}:${portOf(service)}`);
    }
  });

  it('waits only for services that exist and that have a health check', () => {
    const problems = Object.keys(services).flatMap((name) =>
      Object.entries(dependenciesOf(name)).flatMap(([target, condition]) => {
        if (!services[target]) return [`${name} depends on missing ${target}`];
        if (condition === 'service_healthy' && !services[target].healthcheck?.test) return [`${name} waits for ${target}, which has no health check`];
        return [];
      }),
    );
    expect(problems).toEqual([]);
  });

  it('starts each service once its database and broker are healthy, and the gateway once every service is', () => {
    for (const service of SERVICE_NAMES) {
      const environment = environmentOf(service);
      const database = new URL(interpolate(environment.DATABASE_URL, COMPOSE_VARIABLES)).hostname;
      const brokers = environment.KAFKA_BROKERS.split(',').map((broker) => broker.trim().split(':')[0]);
      for (const target of [database, ...brokers]) expect(dependenciesOf(service)[target]).toBe('service_healthy');
    }
    expect(dependenciesOf('gateway')).toEqual(Object.fromEntries(SERVICE_NAMES.map((service) => [service, 'service_healthy'])));
  });

  it('mounts only paths that exist in the repository', () => {
    const missing = Object.keys(services).flatMap((name) =>
      bindMountsOf(name)
        .map(({ source }) => source)
        .filter((source) => !existsSync(resolve(root, source))),
    );
    expect(missing).toEqual([]);
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const stages = instructions.reduce<string[][]>((all, line) => (/^FROM\s/i.test(line) ? [...all, [line]] : [...all.slice(0, -1), [...(all.at(-1) ?? []), line]]), []);
  const runtime = stages.at(-1) ?? [];

  it('builds every stage on node:24-bookworm-slim, and the build stage runs npm ci and the build', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const [from] of stages) expect(from).toMatch(/^FROM\s+node:24-bookworm-slim(\s+AS\s+\w+)?$/i);
    expect(stages[0].some((line) => /^RUN\s.*\bnpm ci\b/.test(line))).toBe(true);
    expect(stages[0].some((line) => /^RUN\s.*\bnpm run build\b/.test(line))).toBe(true);
  });

  it('installs production dependencies only in the runtime stage and runs as a non-root user', () => {
    expect(runtime.some((line) => /^RUN\s.*\bnpm ci\b.*--omit=dev\b/.test(line))).toBe(true);
    const user = runtime.filter((line) => /^USER\s/i.test(line)).at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^USER\s+(root|0)(:|$)/i);
  });

  it('starts a compiled main whose source exists by default', () => {
    const cmd = runtime.filter((line) => /^CMD\s/i.test(line)).at(-1) ?? '';
    const command = JSON.parse(cmd.replace(/^CMD\s+/i, '')) as string[];
    expect(mainOf(command)?.sourceExists).toBe(true);
  });

  it('installs the CJK fonts analytics draws its PDFs with, where it looks for them by default', () => {
    expect(runtime.some((line) => /^RUN\s.*apt-get install\b.*\bfonts-noto-cjk\b/.test(line))).toBe(true);
    expect(read('services/analytics/src/exports/cjk-font.ts')).toContain('/usr/share/fonts/opentype/noto/');
  });

  it('builds the staff console and ships it where the gateway looks for it (dist/web/console)', () => {
    expect(stages[0]).toEqual(expect.arrayContaining([expect.stringMatching(/^COPY\s+web\s+\.\/web$/)]));
    expect(runtime).toEqual(expect.arrayContaining([expect.stringMatching(/^COPY\s+--from=build\s+\/app\/dist\/web\s+\.\/dist\/web$/)]));
    expect(read('services/gateway/src/gateway.ts')).toContain("join(root, 'dist', 'web', 'console')");
  });

  it('keeps node_modules, dist and .env out of the build context', () => {
    const ignored = read('.dockerignore').split('\n').map((line) => line.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.env']));
  });
});

describe('Prometheus', () => {
  const metricsRoute = [...runtimeSources.values()]
    .filter((source) => /\.metrics\(\)/.test(source))
    .map((source) => /@Controller\('([^']+)'\)/.exec(source)?.[1])
    .find((path) => path !== undefined);

  it('scrapes every service, and only the services, where compose runs it and the code serves metrics', () => {
    expect(metricsRoute).toBeDefined();
    const byHost = new Map(scrapeTargets.map(({ job, target, labels }) => [target.split(':')[0], { job, port: Number(target.split(':')[1]), labels }]));
    expect(sorted(byHost.keys())).toEqual(sorted(SERVICE_NAMES));
    for (const service of SERVICE_NAMES) {
      const scrape = byHost.get(service);
      expect(scrape?.port).toBe(portOf(service));
      expect(scrape?.job.metrics_path ?? '/metrics').toBe(`/${metricsRoute}`);
      expect(scrape?.labels.service ?? service).toBe(service);
    }
  });

  it('loads rule files that exist, from the folder compose mounts as its configuration', () => {
    const configDir = 'deploy/prometheus';
    expect(prometheus.rule_files?.length).toBeGreaterThan(0);
    for (const file of prometheus.rule_files ?? []) expect(existsSync(resolve(root, configDir, file))).toBe(true);
    expect(bindMountsOf('prometheus').map(({ source, target }) => [relative(root, resolve(root, source)), target])).toContainEqual([configDir, '/etc/prometheus']);
  });
});

describe('alerts.yml', () => {
  const rules = alerts.groups.flatMap((group) => group.rules);

  it('names, rates and describes every alert', () => {
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(rule.alert).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      expect(rule.labels?.severity).toMatch(/^(critical|warning|info)$/);
      expect(rule.annotations?.summary).toBeTruthy();
    }
  });

  it('uses only metrics and labels the code exports, in expressions and annotations', () => {
    const problems = rules.flatMap((rule) => {
      const query = readPromql(rule.expr);
      const annotationLabels = Object.values(rule.annotations ?? {}).flatMap((text) => labelsInTemplate(text, /\$labels\.(\w+)/g));
      return problemsIn({ series: query.series, labels: [...query.labels, ...annotationLabels] }, `alert ${rule.alert}`);
    });
    expect(problems).toEqual([]);
  });

  it('covers a service down, consumer lag, dead letters, handler failures and the outbox backlog', () => {
    const used = new Set(rules.flatMap((rule) => readPromql(rule.expr).series));
    for (const series of ['up', 'mallcare_consumer_lag_events', 'mallcare_events_dead_lettered_total', 'mallcare_events_failed_total', 'mallcare_outbox_backlog_events']) {
      expect(used).toContain(series);
    }
  });
});

describe('Grafana', () => {
  const datasources = readYaml<{ datasources: { uid: string; type: string; url: string }[] }>('deploy/grafana/provisioning/datasources/prometheus.yml').datasources;
  const providers = readYaml<{ providers: { type: string; options: { path: string } }[] }>('deploy/grafana/provisioning/dashboards/mallcare.yml').providers;
  const panels = (list: GrafanaPanel[]): GrafanaPanel[] => list.flatMap((panel) => [panel, ...panels(panel.panels ?? [])]);
  const allPanels = panels(dashboard.panels);

  it('provisions Prometheus at the address compose gives it', () => {
    const [datasource] = datasources;
    expect(datasource.type).toBe('prometheus');
    const url = new URL(datasource.url);
    expect(services[url.hostname]?.image).toMatch(/^prom\/prometheus:/);
    expect(containerPortsOf(url.hostname)).toContain(Number(url.port));
  });

  it('loads dashboards from where compose mounts them', () => {
    const mounts = bindMountsOf('grafana').map(({ source, target }) => [relative(root, resolve(root, source)), target]);
    expect(mounts).toContainEqual([dirname(dashboardPath), providers[0].options.path]);
    expect(mounts).toContainEqual(['deploy/grafana/provisioning', '/etc/grafana/provisioning']);
  });

  it('has panels with unique ids, all on the provisioned datasource', () => {
    const ids = allPanels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    const uids = new Set(datasources.map((datasource) => datasource.uid));
    const used = [
      ...allPanels.flatMap((panel) => [panel.datasource?.uid, ...(panel.targets ?? []).map((target) => target.datasource?.uid ?? panel.datasource?.uid)]),
      ...(dashboard.templating?.list ?? []).map((variable) => variable.datasource?.uid),
    ].filter((uid) => uid !== undefined);
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((uid) => !uids.has(uid))).toEqual([]);
  });

  it('queries only metrics and labels the code exports, in panels, legends and variables', () => {
    const problems = [
      ...allPanels.flatMap((panel) =>
        (panel.targets ?? []).flatMap((target) => {
          const query = readPromql(target.expr);
          const legend = labelsInTemplate(target.legendFormat ?? '', /\{\{\s*(\w+)\s*\}\}/g);
          return problemsIn({ series: query.series, labels: [...query.labels, ...legend] }, `panel "${panel.title}"`);
        }),
      ),
      ...(dashboard.templating?.list ?? [])
        .filter((variable) => variable.type === 'query')
        .flatMap((variable) =>
          [variable.definition, typeof variable.query === 'string' ? variable.query : variable.query?.query]
            .filter((query): query is string => Boolean(query))
            .flatMap((query) => problemsIn(readTemplateQuery(query), `variable $${variable.name}`)),
        ),
    ];
    expect(problems).toEqual([]);
  });

  it('shows events produced, consumed and failed, consumer lag, outbox backlog, handler latency and service up', () => {
    const used = new Set(allPanels.flatMap((panel) => (panel.targets ?? []).flatMap((target) => readPromql(target.expr).series)));
    for (const series of [
      'up',
      'mallcare_events_produced_total',
      'mallcare_events_consumed_total',
      'mallcare_events_failed_total',
      'mallcare_consumer_lag_events',
      'mallcare_outbox_backlog_events',
      'mallcare_event_handler_duration_seconds_bucket',
    ]) {
      expect(used).toContain(series);
    }
    const quantiles = allPanels.flatMap((panel) => (panel.targets ?? []).flatMap((target) => [...target.expr.matchAll(/histogram_quantile\(\s*([\d.]+)/g)].map(([, q]) => q)));
    expect(quantiles).toEqual(expect.arrayContaining(['0.5', '0.99']));
  });
});

/**
 * deploy/k8s checked two ways: against the Kubernetes API schemas, offline, by kubernetes-validate (a
 * PyPI package that ships the schemas of each Kubernetes release; `.ci/run` installs it), and against
 * the code as test/compose.spec.ts checks the compose file: services, ports, probes, the settings the
 * services read, secrets, budgets and scrape annotations.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { DEFAULT_PORTS, GATEWAY_DEFAULT_PORT, SERVICE_NAMES } from '@mallcare/contracts';
import { envNamesRead, envPrefixOf } from './support/runtime-sources';

const dir = resolve(__dirname, '..', 'deploy', 'k8s');
const KUBERNETES_VERSION = '1.37.0';

interface Container {
  name: string;
  command?: string[];
  ports?: { name: string; containerPort: number }[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  envFrom?: { configMapRef?: { name: string } }[];
  readinessProbe?: { httpGet?: { path: string; port: string } };
  livenessProbe?: { httpGet?: { path: string; port: string }; tcpSocket?: unknown };
  resources?: { requests?: { cpu?: string; memory?: string }; limits?: { memory?: string } };
}
interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec?: {
    replicas?: number;
    selector?: { matchLabels?: Record<string, string> } | Record<string, string>;
    template?: { metadata: { labels: Record<string, string>; annotations?: Record<string, string> }; spec: { containers: Container[] } };
    ports?: { port: number; targetPort: string }[];
    minAvailable?: number;
    rules?: { http: { paths: { backend: { service: { name: string } } }[] } }[];
  };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

const files = readdirSync(dir).filter((file) => file.endsWith('.yaml'));
const documentsOf = (file: string): Manifest[] => parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((doc) => doc.toJS() as Manifest);
const applied = (documentsOf('kustomization.yaml')[0] as unknown as { resources: string[] }).resources;
const manifests = applied.flatMap(documentsOf);
const ofKind = (kind: string) => manifests.filter((manifest) => manifest.kind === kind);
const named = (kind: string, name: string): Manifest => {
  const found = ofKind(kind).find((manifest) => manifest.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in deploy/k8s`);
  return found;
};
type Spec = NonNullable<Manifest['spec']>;
const specOf = (manifest: Manifest): Spec => {
  if (!manifest.spec) throw new Error(`${manifest.kind} ${manifest.metadata.name} has no spec`);
  return manifest.spec;
};
const templateOf = (deployment: Manifest): NonNullable<Spec['template']> => {
  const template = specOf(deployment).template;
  if (!template) throw new Error(`Deployment ${deployment.metadata.name} has no pod template`);
  return template;
};
const containerOf = (name: string): Container => templateOf(named('Deployment', name)).spec.containers[0];
const secretKeys = new Set(Object.keys(documentsOf('secret.example.yaml')[0].stringData ?? {}));
const config = named('ConfigMap', 'mallcare-config').data ?? {};
const APPS = [...SERVICE_NAMES, 'gateway'] as const;
const portOf = (app: (typeof APPS)[number]) => (app === 'gateway' ? GATEWAY_DEFAULT_PORT : DEFAULT_PORTS[app]);

describe('deploy/k8s against the Kubernetes API schemas (offline)', () => {
  const validator = spawnSync('python3', ['-c', 'import kubernetes_validate'], { encoding: 'utf8' });
  const available = validator.status === 0;
  if (!available && process.env.CI === 'true') throw new Error('kubernetes-validate is not installed (pip install kubernetes-validate); .ci/run installs it');
  (available ? it : it.skip)(`every manifest is valid for Kubernetes ${KUBERNETES_VERSION}, unknown fields refused`, () => {
    const manifestFiles = files.filter((file) => file !== 'kustomization.yaml').map((file) => join(dir, file));
    const run = spawnSync('python3', ['-m', 'kubernetes_validate', '--strict', '--quiet', '-k', KUBERNETES_VERSION, ...manifestFiles], { encoding: 'utf8' });
    expect(`${run.stdout}${run.stderr}`.trim()).toBe('');
    expect(run.status).toBe(0);
  });
  if (!available) it.skip('kubernetes-validate is not installed: pip install kubernetes-validate', () => undefined);
});

describe('deploy/k8s against the code', () => {
  it('applies every manifest but the secret example', () => {
    expect([...applied, 'secret.example.yaml'].sort()).toEqual([...files.filter((file) => file !== 'kustomization.yaml')].sort());
  });

  it.each(APPS)('runs %s on its port with probes, resources, a Service and a disruption budget', (app) => {
    const deployment = named('Deployment', app);
    const container = containerOf(app);
    const labels = templateOf(deployment).metadata.labels;
    expect(container.command).toEqual(['node', '--enable-source-maps', `dist/services/${app}/src/main.js`]);
    expect(container.ports).toEqual([{ name: 'http', containerPort: portOf(app) }]);
    expect(specOf(deployment).replicas).toBeGreaterThanOrEqual(2);
    expect(container.resources?.requests?.cpu).toBeDefined();
    expect(container.resources?.requests?.memory).toBeDefined();
    expect(container.resources?.limits?.memory).toBeDefined();
    if (app !== 'gateway') {
      expect(container.readinessProbe?.httpGet).toEqual({ path: '/health/ready', port: 'http' });
      expect(container.livenessProbe?.httpGet).toEqual({ path: '/health/live', port: 'http' });
      expect(templateOf(deployment).metadata.annotations).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(portOf(app)), 'prometheus.io/path': '/metrics' });
    }
    const service = named('Service', app);
    const selector = specOf(service).selector as Record<string, string>;
    expect(selector).toEqual((specOf(deployment).selector as { matchLabels: Record<string, string> }).matchLabels);
    expect(Object.entries(selector).every(([key, value]) => labels[key] === value)).toBe(true);
    expect(specOf(service).ports).toEqual([{ name: 'http', port: portOf(app), targetPort: 'http' }]);
    expect(specOf(named('PodDisruptionBudget', app)).minAvailable).toBe(1);
  });

  it('sets only settings the services read, secrets only from the Secret, every secret key in the example', () => {
    for (const name of Object.keys(config)) expect({ name, read: envNamesRead.has(name) }).toEqual({ name, read: true });
    for (const app of APPS) {
      for (const variable of containerOf(app).env ?? []) {
        expect({ app, variable: variable.name, read: envNamesRead.has(variable.name) }).toEqual({ app, variable: variable.name, read: true });
        const secret = variable.valueFrom?.secretKeyRef;
        if (secret) {
          expect(secret.name).toBe('mallcare-secrets');
          expect(secretKeys.has(secret.key)).toBe(true);
        }
        if (/SECRET|KEY|PASSWORD|DATABASE_URL/.test(variable.name)) expect({ variable: variable.name, fromSecret: Boolean(secret) }).toEqual({ variable: variable.name, fromSecret: true });
      }
    }
    expect(Object.keys(config).filter((name) => /SECRET|PASSWORD|_KEY$/.test(name))).toEqual([]);
  });

  it('points the gateway at every service and the Ingress at the gateway', () => {
    const env = Object.fromEntries((containerOf('gateway').env ?? []).map((variable) => [variable.name, variable.value]));
    for (const service of SERVICE_NAMES) expect(env[`${envPrefixOf(service)}_URL`]).toBe(`http://${service}:${DEFAULT_PORTS[service]}`);
    const backends = (specOf(named('Ingress', 'mallcare')).rules ?? []).flatMap((rule) => rule.http.paths.map((path) => path.backend.service.name));
    expect(backends).toEqual(['gateway']);
  });
});

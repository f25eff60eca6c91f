import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { loadConfig, parseFileConfig } from '../../../src/config.js';

// The deploy/ examples are copied into real clusters: what would only fail there (a probe on a route the bot
// does not serve, a PDB selecting nothing, a Secret key the bot never reads) is checked here.

const repo = resolve(import.meta.dirname, '../../..');
const read = (path: string) => readFileSync(join(repo, path), 'utf8');

type Labels = Record<string, string>;
interface HttpProbe {
  httpGet: { path: string; port: string | number };
}
interface Container {
  image: string;
  ports: { name?: string; containerPort: number }[];
  env?: { name: string; value?: string }[];
  envFrom?: { secretRef?: { name: string } }[];
  startupProbe?: HttpProbe;
  livenessProbe: HttpProbe;
  readinessProbe: HttpProbe;
  resources: { requests?: { cpu?: string; memory?: string } };
  volumeMounts?: { name: string; mountPath: string }[];
}
interface Manifest {
  kind: string;
  metadata: { name: string; labels?: Labels };
  spec?: unknown;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}
interface DeploymentSpec {
  replicas: number;
  selector: { matchLabels: Labels };
  template: {
    metadata: { labels: Labels };
    spec: {
      securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
      containers: Container[];
      volumes?: { name: string; configMap?: { name: string } }[];
    };
  };
}

/** What the image promises: the port it exposes and listens on, and the user it runs as. */
const dockerfile = (() => {
  const text = read('Dockerfile');
  return {
    expose: Number(text.match(/^EXPOSE\s+(\d+)/m)?.[1]),
    port: Number(text.match(/\bPORT=(\d+)/)?.[1]),
    user: text.match(/^USER\s+(\S+)/m)?.[1],
  };
})();
/** The node base image's `node` user. */
const NODE_UID = 1000;

/** The HTTP routes the bot itself serves beside /slack/events (src/slack/app.ts). */
const botRoutes = [...read('src/slack/app.ts').matchAll(/path: '(\/[^']*)'/g)].map((m) => m[1]);

/** The environment variables src/config.ts reads (the keys of its envSchema). */
const configEnvVars = (() => {
  const block = read('src/config.ts').match(/const envSchema = z\.object\(\{([\s\S]*?)\n\}\);/)?.[1] ?? '';
  return [...block.matchAll(/^\s+([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]!);
})();

const interpolated = (text: string) => [...text.matchAll(/\$\{([A-Z0-9_]+)\}/g)].map((m) => m[1]!);
const includes = (labels: Labels, selector: Labels) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

describe('deploy/kubernetes', () => {
  const dir = 'deploy/kubernetes';
  const kustomization = parseYaml(read(`${dir}/kustomization.yaml`)) as { resources: string[] };
  const manifests = kustomization.resources.flatMap((file) =>
    parseAllDocuments(read(`${dir}/${file}`)).map((d) => d.toJS() as Manifest),
  );
  const one = (kind: string) => {
    const found = manifests.filter((m) => m.kind === kind);
    if (found.length !== 1) throw new Error(`${dir}: expected one ${kind}, found ${found.length}`);
    return found[0]!;
  };
  const deployment = one('Deployment');
  const spec = deployment.spec as DeploymentSpec;
  const podLabels = spec.template.metadata.labels;
  const [container] = spec.template.spec.containers;
  const env = Object.fromEntries((container!.env ?? []).map((e) => [e.name, e.value ?? '']));
  const secret = one('Secret');
  const secretEnv = secret.stringData ?? {};
  const configMap = one('ConfigMap');
  const portNumber = (port: string | number) =>
    typeof port === 'number' ? port : container!.ports.find((p) => p.name === port)?.containerPort;

  it('lists every manifest of the folder in its kustomization', () => {
    const files = readdirSync(join(repo, dir)).filter((f) => f !== 'kustomization.yaml');
    expect([...kustomization.resources].sort()).toEqual(files.sort());
  });

  it('runs three replicas of one container in HTTP mode', () => {
    expect(spec.replicas).toBe(3);
    expect(spec.template.spec.containers).toHaveLength(1);
    expect(includes(podLabels, spec.selector.matchLabels)).toBe(true);
    // Socket Mode is chosen by SLACK_APP_TOKEN; HTTP mode needs the signing secret.
    expect(env).not.toHaveProperty('SLACK_APP_TOKEN');
    expect(secretEnv).not.toHaveProperty('SLACK_APP_TOKEN');
    expect(secretEnv.SLACK_SIGNING_SECRET).toBeTruthy();
  });

  it('probes routes the bot serves, on the port the image exposes and the bot listens on', () => {
    expect(container!.readinessProbe.httpGet.path).toBe('/ready');
    expect(botRoutes).toContain('/ready');
    expect(botRoutes).toContain(container!.livenessProbe.httpGet.path);
    if (container!.startupProbe) expect(botRoutes).toContain(container!.startupProbe.httpGet.path);
    for (const probe of [container!.readinessProbe, container!.livenessProbe, container!.startupProbe])
      if (probe) expect(portNumber(probe.httpGet.port)).toBe(dockerfile.expose);
    expect(container!.ports.map((p) => p.containerPort)).toEqual([dockerfile.expose]);
    expect(Number(env.PORT ?? dockerfile.port)).toBe(dockerfile.expose);
    expect(container!.image).toMatch(/(^|\/)deploy-check:[\w.-]+$/);
  });

  it('has a PodDisruptionBudget of two and a Service that select the pods', () => {
    const pdb = one('PodDisruptionBudget').spec as {
      minAvailable: number;
      selector: { matchLabels: Labels };
    };
    expect(pdb.minAvailable).toBe(2);
    expect(pdb.minAvailable).toBeLessThan(spec.replicas);
    expect(includes(podLabels, pdb.selector.matchLabels)).toBe(true);
    const service = one('Service').spec as { selector: Labels; ports: { targetPort: string | number }[] };
    expect(includes(podLabels, service.selector)).toBe(true);
    for (const p of service.ports) expect(portNumber(p.targetPort)).toBe(dockerfile.expose);
  });

  it('keeps in the Secret only what the bot reads: its environment and the variables its config file names', () => {
    expect(container!.envFrom?.map((e) => e.secretRef?.name)).toContain(secret.metadata.name);
    expect(Object.keys(secretEnv)).toEqual(
      expect.arrayContaining(['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'DATABASE_URL']),
    );
    const readable = new Set([...configEnvVars, ...interpolated(configMap.data!['deploy-check.yml']!)]);
    expect(Object.keys(secretEnv).filter((k) => !readable.has(k))).toEqual([]);
    expect(new URL(secretEnv.DATABASE_URL!).protocol).toBe('postgres:');
    // Plain settings stay in the Deployment; both name only variables the bot reads.
    expect(Object.keys(env).filter((k) => !configEnvVars.includes(k))).toEqual([]);
  });

  it('mounts the config file where DEPLOY_CHECK_CONFIG points, and it is valid', () => {
    const volume = spec.template.spec.volumes?.find((v) => v.configMap?.name === configMap.metadata.name);
    const mount = container!.volumeMounts?.find((m) => m.name === volume?.name);
    expect(mount).toBeDefined();
    const [key] = Object.keys(configMap.data ?? {});
    expect(env.DEPLOY_CHECK_CONFIG).toBe(posix.join(mount!.mountPath, key!));
    const file = parseFileConfig(configMap.data![key!]!, secretEnv, 'configmap.yaml');
    expect(file.services.map((s) => s.name)).toContain('payments-api');
  });

  const scratch = mkdtempSync(join(tmpdir(), 'deploy-check-k8s-example-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("loads the bot's configuration from the pod's environment", () => {
    const configFile = join(scratch, 'deploy-check.yml');
    writeFileSync(configFile, configMap.data!['deploy-check.yml']!);
    const config = loadConfig({ ...env, ...secretEnv, DEPLOY_CHECK_CONFIG: configFile });
    expect(config.slack.socketMode).toBe(false);
    expect(config.port).toBe(dockerfile.expose);
  });

  it("runs as the image's non-root user and requests resources", () => {
    expect(dockerfile.user).toBe('node');
    const pod = spec.template.spec.securityContext;
    expect(pod?.runAsNonRoot).toBe(true);
    // runAsNonRoot cannot check a user name (USER node), only a number.
    expect(pod?.runAsUser).toBe(NODE_UID);
    expect(container!.resources.requests?.cpu).toBeTruthy();
    expect(container!.resources.requests?.memory).toBeTruthy();
  });
});

describe('deploy/docker-compose.yml', () => {
  interface ComposeService {
    image?: string;
    build?: { context: string; dockerfile?: string };
    environment?: Record<string, string>;
    healthcheck?: { test: string[] };
    depends_on?: Record<string, { condition: string }>;
    ports?: string[];
    volumes?: string[];
  }
  // Compose's `${NAME:-default}` with nothing set: the defaults.
  const text = read('deploy/docker-compose.yml').replace(/\$\{[A-Z0-9_]+:-([^}]*)\}/g, '$1');
  const compose = parseYaml(text) as { services: Record<string, ComposeService> };
  const bot = compose.services['deploy-check']!;
  const botEnv = bot.environment ?? {};

  it("points DATABASE_URL at its Postgres 15 service, with that service's credentials", () => {
    const url = new URL(botEnv.DATABASE_URL!);
    expect(url.protocol).toBe('postgres:');
    const postgres = compose.services[url.hostname];
    expect(postgres?.image).toMatch(/^postgres:15(\b|$)/);
    expect(url.port || '5432').toBe('5432');
    const pgEnv = postgres!.environment ?? {};
    expect(decodeURIComponent(url.username)).toBe(pgEnv.POSTGRES_USER);
    expect(decodeURIComponent(url.password)).toBe(pgEnv.POSTGRES_PASSWORD);
    expect(url.pathname.slice(1)).toBe(pgEnv.POSTGRES_DB);
  });

  it('starts the bot once Postgres is healthy', () => {
    const host = new URL(botEnv.DATABASE_URL!).hostname;
    expect(bot.depends_on?.[host]?.condition).toBe('service_healthy');
    expect(compose.services[host]!.healthcheck?.test.join(' ')).toMatch(/pg_isready/);
  });

  it("builds the bot from the repository's Dockerfile and publishes the port it exposes", () => {
    const context = resolve(repo, 'deploy', bot.build!.context);
    expect(context).toBe(repo);
    expect(existsSync(join(context, bot.build!.dockerfile ?? 'Dockerfile'))).toBe(true);
    expect(Number(botEnv.PORT ?? dockerfile.port)).toBe(dockerfile.expose);
    expect(bot.ports?.map((p) => Number(p.split(':').at(-1)))).toEqual([dockerfile.expose]);
  });

  it('mounts a config file of the repository where DEPLOY_CHECK_CONFIG points', () => {
    const mount = bot.volumes
      ?.map((v) => v.split(':'))
      .find(([, target]) => target === botEnv.DEPLOY_CHECK_CONFIG);
    expect(mount).toBeDefined();
    expect(existsSync(resolve(repo, 'deploy', mount![0]!))).toBe(true);
  });
});

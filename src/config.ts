import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { parseSchedule } from './cron-expression.js';
import type { DatabaseTarget } from './db/client.js';
import { databaseTarget } from './db/database-target.js';
import { AppError, ErrorCode } from './errors.js';

export const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};
const timeZone = z.string().refine(isTimeZone, { message: 'is not an IANA time zone (e.g. Europe/Berlin)' });
/** Slack user IDs (U…/W…) or user-group IDs (S…). */
const principal = z
  .string()
  .regex(/^[UWS][A-Z0-9]{2,}$/, 'must be a Slack user ID (U…) or user-group ID (S…)');
const channelId = z.string().regex(/^[CGD][A-Z0-9]{2,}$/, 'must be a Slack channel ID (C…)');
const path = z.string().startsWith('/', 'must start with /');
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time HH:MM (e.g. 19:00)');

export const nudgeSettingsSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** A mention in the release thread, or a direct message from the app. */
    via: z.enum(['thread', 'dm']).default('thread'),
    /** At most one nudge per person per release within this many minutes. */
    nudgeEveryMinutes: z.number().int().min(1).max(10_080).default(60),
    /** No nudges between start and end (the config's time zone); may wrap past midnight. */
    quietHours: z
      .object({
        start: clockTime,
        end: clockTime,
        /** person: each person's Slack time zone (users.info), else `timezone`; config: always `timezone`. */
        zone: z.enum(['person', 'config']).default('person'),
      })
      .strict()
      .refine((q) => q.start !== q.end, { path: ['end'], message: 'must differ from start' })
      .optional(),
  })
  .strict();
export type NudgeSettings = z.infer<typeof nudgeSettingsSchema>;

/** Checked here, not only by the scheduler, so a typo fails at start-up even when its job is not scheduled. */
const cronExpression = z.string().superRefine((text, ctx) => {
  try {
    parseSchedule(text);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: `"${text}": ${(e as Error).message}` });
  }
});

export const probeSettingsSchema = z
  .object({
    samplePath: path.optional(),
    errorPath: path.optional(),
    staticPath: path.optional(),
    latencyPath: path.optional(),
    latencyBudgetMs: z.number().int().positive().default(1000),
    latencyRequests: z.number().int().min(1).max(500).default(20),
    httpUrl: z.url().optional(),
    requestIdHeader: z.string().min(1).default('X-Request-ID'),
    headers: z.record(z.string(), z.string()).default({}),
    caFile: z.string().optional(),
    timeoutMs: z.number().int().min(100).max(30_000).default(10_000),
    /** Total deadline for the whole suite. */
    deadlineMs: z.number().int().min(500).max(120_000).default(30_000),
  })
  .strict();
export type ProbeSettings = z.infer<typeof probeSettingsSchema>;

const monitorSourceSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('prometheus'),
      url: z.url(),
      /** PromQL ratio (0..1) over the sampling interval; by default the watch reads the counters instead. */
      query: z.string().optional(),
      /** PromQL request count over the sampling interval (with `query`); the minimum-requests gate. */
      requestsQuery: z.string().optional(),
      /** Label matchers scoping the default counter read to this service, e.g. `job="api"`. */
      selector: z.string().optional(),
      headers: z.record(z.string(), z.string()).default({}),
    })
    .strict(),
  z
    .object({
      type: z.literal('metrics'),
      url: z.url(),
      metric: z.string().default('http_requests_total'),
      statusLabel: z.string().default('status'),
      headers: z.record(z.string(), z.string()).default({}),
    })
    .strict(),
  z.object({ type: z.literal('alertmanager') }).strict(),
]);
export type MonitorSource = z.infer<typeof monitorSourceSchema>;

export const monitorSettingsSchema = z
  .object({
    source: monitorSourceSchema,
    threshold: z.number().gt(0).lt(1).default(0.01),
    intervalSeconds: z.number().int().min(1).default(30),
    windowMinutes: z.number().int().min(1).default(30),
    consecutive: z.number().int().min(1).default(2),
    minRequests: z.number().int().min(0).default(50),
    repeatMinutes: z.number().int().min(1).default(10),
    healthPath: path.default('/health'),
  })
  .strict();
export type MonitorSettings = z.infer<typeof monitorSettingsSchema>;

const serviceSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/i, 'must be letters, digits, . _ - (max 63)'),
    baseUrl: z.url(),
    channel: channelId.optional(),
    owners: z.array(principal).default([]),
    probes: probeSettingsSchema.default(probeSettingsSchema.parse({})),
    monitor: monitorSettingsSchema.optional(),
  })
  .strict();
export type ServiceConfig = z.infer<typeof serviceSchema>;

const scheduleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i, 'must be letters, digits, _ -'),
    kind: z.enum(['maintenance', 'reminder']).default('maintenance'),
    cron: cronExpression,
    timezone: timeZone.optional(),
    channel: channelId.optional(),
    text: z.string().max(2000).optional(),
  })
  .strict();
export type ScheduleConfig = z.infer<typeof scheduleSchema>;

/** A pipeline's bearer token for the HTTP API, limited to the services it may act on. */
const apiTokenSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/i, 'must be letters, digits, . _ - (max 63)'),
    token: z
      .string()
      .min(32, 'must be at least 32 characters (use a random secret, e.g. openssl rand -hex 32)'),
    services: z.array(z.string().min(1)).min(1, 'must name at least one service'),
  })
  .strict();
export type ApiToken = z.infer<typeof apiTokenSchema>;

export const fileConfigSchema = z
  .object({
    timezone: timeZone.default('UTC'),
    defaultChannel: channelId.optional(),
    /** Path to a team's own checklist (JSON or YAML), relative to the config file. */
    checklist: z.string().optional(),
    requiredApprovals: z.number().int().min(1).max(10).default(1),
    approvers: z
      .object({
        release: z.array(principal).default([]),
        sections: z.record(z.string(), z.array(principal)).default({}),
      })
      .strict()
      .default({ release: [], sections: {} }),
    /** Who may run maintenance on demand and override failing probes besides approvers. */
    admins: z.array(principal).default([]),
    services: z.array(serviceSchema).default([]),
    probes: z
      .object({
        /** Hosts (exact or *.suffix) that may be probed from Slack besides configured services. */
        allowHosts: z.array(z.string()).default([]),
        /** Allow link-local / cloud metadata addresses (169.254.0.0/16, fd00:ec2::254). Off by default. */
        allowLinkLocal: z.boolean().default(false),
      })
      .strict()
      .default({ allowHosts: [], allowLinkLocal: false }),
    nudges: nudgeSettingsSchema.default({ enabled: true, via: 'thread', nudgeEveryMinutes: 60 }),
    api: z
      .object({ tokens: z.array(apiTokenSchema).default([]) })
      .strict()
      .default({ tokens: [] }),
    alertmanager: z
      .object({ token: z.string().min(16, 'must be at least 16 characters') })
      .strict()
      .optional(),
    maintenance: z
      .object({
        schedules: z
          .array(scheduleSchema)
          .default([{ id: 'monthly-maintenance', kind: 'maintenance', cron: '0 9 1 * *' }]),
        nudgeAfterDays: z.number().min(0).default(7),
        /** When the daily TLS certificate check runs (only scheduled when some service is https). */
        certificateCron: cronExpression.default('0 8 * * *'),
        certificateThresholdsDays: z.array(z.number().int().positive()).default([30, 14, 7]),
      })
      .strict()
      .default({
        schedules: [{ id: 'monthly-maintenance', kind: 'maintenance', cron: '0 9 1 * *' }],
        nudgeAfterDays: 7,
        certificateCron: '0 8 * * *',
        certificateThresholdsDays: [30, 14, 7],
      }),
  })
  .strict()
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.services.forEach((s, i) => {
      if (seen.has(s.name))
        ctx.addIssue({
          code: 'custom',
          path: ['services', i, 'name'],
          message: `duplicate service "${s.name}"`,
        });
      seen.add(s.name);
    });
    const names = new Set<string>();
    c.api.tokens.forEach((t, i) => {
      if (names.has(t.name))
        ctx.addIssue({
          code: 'custom',
          path: ['api', 'tokens', i, 'name'],
          message: `duplicate token name "${t.name}"`,
        });
      names.add(t.name);
      t.services.forEach((name, j) => {
        if (!c.services.some((s) => s.name.toLowerCase() === name.toLowerCase()))
          ctx.addIssue({
            code: 'custom',
            path: ['api', 'tokens', i, 'services', j],
            message: `unknown service "${name}"; add it under \`services\` first`,
          });
      });
    });
  });
export type FileConfig = z.infer<typeof fileConfigSchema>;

const envSchema = z.object({
  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'must be a bot token (xoxb-…)'),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'must be an app-level token (xapp-…)').optional(),
  SLACK_API_URL: z.url().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_PATH: z.string().min(1).default('./data/deploy-check.sqlite'),
  /** postgres://…: the database several replicas share; unset means the SQLite file at DATABASE_PATH. */
  DATABASE_URL: z.string().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(1).default(5000),
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(1).default(5000),
  DATABASE_CA_FILE: z.string().optional(),
  DEPLOY_CHECK_CONFIG: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  readonly slack: {
    readonly botToken: string;
    readonly signingSecret: string | undefined;
    readonly appToken: string | undefined;
    readonly apiUrl: string | undefined;
    readonly socketMode: boolean;
  };
  readonly port: number;
  readonly host: string;
  /** Postgres (DATABASE_URL, its password inside: never log `url`, see describeDatabase) or the SQLite file. */
  readonly database: DatabaseTarget;
  readonly logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** Absolute path of the checklist file to load, or undefined for the built-in one. */
  readonly checklistPath: string | undefined;
  readonly file: FileConfig;
}

const describe = (source: string, issues: z.core.$ZodIssue[]) =>
  issues.map((i) => `${source}: ${i.path.length ? i.path.join('.') : '(root)'} ${i.message}`).join('\n');

/** `${VAR}` in YAML values (not comments) is replaced from the environment so tokens stay out of the file. */
function interpolate(value: unknown, env: NodeJS.ProcessEnv, file: string): unknown {
  if (Array.isArray(value)) return value.map((v) => interpolate(v, env, file));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env, file)]));
  if (typeof value !== 'string') return value;
  return value.replace(/\$\{([A-Z0-9_]+)\}/g, (_, name: string) => {
    const v = env[name];
    if (v === undefined)
      throw new AppError(
        ErrorCode.CONFIG_INVALID,
        `${file}: environment variable ${name} is referenced but not set`,
      );
    return v;
  });
}

export function parseFileConfig(yamlText: string, env: NodeJS.ProcessEnv = {}, file = 'config'): FileConfig {
  let raw: unknown;
  try {
    raw = interpolate(parseYaml(yamlText) ?? {}, env, file);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError(ErrorCode.CONFIG_INVALID, `${file}: not valid YAML: ${(e as Error).message}`);
  }
  const r = fileConfigSchema.safeParse(raw);
  if (!r.success) throw new AppError(ErrorCode.CONFIG_INVALID, describe(file, r.error.issues));
  return r.data;
}

/**
 * Reads `.env` (KEY=value lines) into process.env when the file exists; variables already set in the
 * environment win, as with Docker's and Node's --env-file.
 */
export function loadDotEnv(file = '.env'): void {
  if (existsSync(file)) process.loadEnvFile(file);
}

/** An empty value means unset (`SLACK_APP_TOKEN=` in .env, `-e VAR=` in Docker), not "the empty string". */
const withoutEmpty = (env: NodeJS.ProcessEnv): NodeJS.ProcessEnv =>
  Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));

export function loadConfig(rawEnv: NodeJS.ProcessEnv = process.env): Config {
  const env = withoutEmpty(rawEnv);
  const r = envSchema.safeParse(env);
  if (!r.success) throw new AppError(ErrorCode.CONFIG_INVALID, describe('environment', r.error.issues));
  const e = r.data;
  const socketMode = e.SLACK_APP_TOKEN !== undefined;
  if (!socketMode && !e.SLACK_SIGNING_SECRET)
    throw new AppError(
      ErrorCode.CONFIG_INVALID,
      'environment: SLACK_SIGNING_SECRET is required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)',
    );
  let file = fileConfigSchema.parse({});
  let checklistPath: string | undefined;
  if (e.DEPLOY_CHECK_CONFIG) {
    const p = resolve(e.DEPLOY_CHECK_CONFIG);
    let text: string;
    try {
      text = readFileSync(p, 'utf8');
    } catch (err) {
      throw new AppError(
        ErrorCode.CONFIG_INVALID,
        `DEPLOY_CHECK_CONFIG: cannot read ${p}: ${(err as NodeJS.ErrnoException).code ?? err}`,
      );
    }
    file = parseFileConfig(text, env, e.DEPLOY_CHECK_CONFIG);
    if (file.checklist) checklistPath = resolve(dirname(p), file.checklist);
  }
  return Object.freeze({
    slack: Object.freeze({
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
      socketMode,
    }),
    port: e.PORT,
    host: e.HOST,
    database: databaseTarget({
      url: e.DATABASE_URL,
      path: e.DATABASE_PATH,
      poolSize: e.DATABASE_POOL_SIZE,
      statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
      connectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS,
      caFile: e.DATABASE_CA_FILE,
    }),
    logLevel: e.LOG_LEVEL,
    checklistPath,
    file: deepFreeze(file),
  });
}

const sandboxEnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // The sandbox has no authentication: loopback only unless asked (the Docker image sets 0.0.0.0).
  HOST: z.string().min(1).default('127.0.0.1'),
  SANDBOX_DATA_DIR: z.string().min(1).default('./data/sandbox'),
  SANDBOX_CONFIG: z.string().min(1).default('./sandbox/deploy-check.sandbox.yml'),
  LOG_LEVEL: envSchema.shape.LOG_LEVEL.default('warn'),
});
export type SandboxSettings = Readonly<{
  port: number;
  host: string;
  dataDir: string;
  configPath: string;
  logLevel: Config['logLevel'];
}>;

/** `npm run sandbox`: where the local workspace listens and keeps its files. Slack variables are not read. */
export function loadSandboxSettings(env: NodeJS.ProcessEnv = process.env): SandboxSettings {
  const r = sandboxEnvSchema.safeParse(withoutEmpty(env));
  if (!r.success) throw new AppError(ErrorCode.CONFIG_INVALID, describe('environment', r.error.issues));
  return Object.freeze({
    port: r.data.PORT,
    host: r.data.HOST,
    dataDir: resolve(r.data.SANDBOX_DATA_DIR),
    configPath: resolve(r.data.SANDBOX_CONFIG),
    logLevel: r.data.LOG_LEVEL,
  });
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

export const findService = (config: Pick<Config, 'file'>, name: string): ServiceConfig | undefined =>
  config.file.services.find((s) => s.name.toLowerCase() === name.toLowerCase());

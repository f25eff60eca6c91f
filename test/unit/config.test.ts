import { describe, expect, it } from 'vitest';
import { loadConfig, parseFileConfig } from '../../src/config.js';

const env = { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret' };

describe('loadConfig', () => {
  it('applies defaults for an HTTP-mode bot', () => {
    const c = loadConfig(env);
    expect(c.database).toEqual({ kind: 'sqlite', path: './data/deploy-check.sqlite' });
    expect(c.port).toBe(3000);
    expect(c.slack.socketMode).toBe(false);
    expect(c.file.requiredApprovals).toBe(1);
  });

  it('switches to Socket Mode when an app token is present', () => {
    expect(loadConfig({ ...env, SLACK_APP_TOKEN: 'xapp-1' }).slack.socketMode).toBe(true);
  });

  it('names the missing variable', () => {
    expect(() => loadConfig({})).toThrow(/SLACK_BOT_TOKEN/);
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET/);
  });

  it('treats empty values as unset, as .env files and docker -e leave them', () => {
    const c = loadConfig({ ...env, SLACK_APP_TOKEN: '', SLACK_API_URL: '', PORT: '', HOST: ' ' });
    expect(c.slack.socketMode).toBe(false);
    expect(c.slack.apiUrl).toBeUndefined();
    expect(c.port).toBe(3000);
    expect(c.host).toBe('0.0.0.0');
  });

  it('still names a required variable that is present but empty', () => {
    expect(() => loadConfig({ ...env, SLACK_SIGNING_SECRET: '' })).toThrow(
      /SLACK_SIGNING_SECRET is required/,
    );
  });

  it('uses Postgres when DATABASE_URL is set, with the pool and timeout defaults', () => {
    const c = loadConfig({ ...env, DATABASE_URL: 'postgres://deploy:pw@db:5432/deploy' });
    expect(c.database).toEqual({
      kind: 'postgres',
      url: 'postgres://deploy:pw@db:5432/deploy',
      poolSize: 10,
      statementTimeoutMs: 5000,
      connectTimeoutMs: 5000,
    });
  });

  it('reads the pool size and timeouts and names a bad one', () => {
    const c = loadConfig({
      ...env,
      DATABASE_URL: 'postgresql://db/deploy',
      DATABASE_POOL_SIZE: '25',
      DATABASE_STATEMENT_TIMEOUT_MS: '2000',
      DATABASE_CONNECT_TIMEOUT_MS: '1500',
    });
    expect(c.database).toMatchObject({ poolSize: 25, statementTimeoutMs: 2000, connectTimeoutMs: 1500 });
    expect(() => loadConfig({ ...env, DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE/);
    expect(() => loadConfig({ ...env, DATABASE_CONNECT_TIMEOUT_MS: 'soon' })).toThrow(
      /DATABASE_CONNECT_TIMEOUT_MS/,
    );
  });

  it('names DATABASE_URL when it is not a Postgres URL, without its password', () => {
    let message = '';
    try {
      loadConfig({ ...env, DATABASE_URL: 'mysql://root:hunter2-secret@db/deploy' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/DATABASE_URL must start with postgres:\/\/ or postgresql:\/\//);
    expect(message).not.toContain('hunter2-secret');
  });

  it('treats an empty DATABASE_URL as unset (the SQLite file)', () => {
    expect(loadConfig({ ...env, DATABASE_URL: '' }).database.kind).toBe('sqlite');
  });

  it('returns a frozen object', () => {
    expect(Object.isFrozen(loadConfig(env).file)).toBe(true);
  });
});

describe('parseFileConfig', () => {
  it('names the offending field', () => {
    const yaml = 'services:\n  - name: api\n    baseUrl: not-a-url\n';
    expect(() => parseFileConfig(yaml, {}, 'deploy-check.yml')).toThrow(
      /deploy-check.yml: services.0.baseUrl/,
    );
  });

  it('rejects unknown time zones and keys', () => {
    expect(() => parseFileConfig('timezone: Mars/Olympus')).toThrow(/timezone is not an IANA time zone/);
    expect(() => parseFileConfig('aproovers: {}')).toThrow(/aproovers/);
  });

  it('interpolates $VAR placeholders from the environment and says which is missing', () => {
    const yaml = ['alertmanager:', `  token: ${'$'}{AM_TOKEN}`, ''].join('\n');
    expect(parseFileConfig(yaml, { AM_TOKEN: 'a'.repeat(20) }).alertmanager?.token).toBe('a'.repeat(20));
    expect(() => parseFileConfig(yaml, {})).toThrow(/AM_TOKEN is referenced but not set/);
  });

  it('checks maintenance.certificateCron even when no https service would schedule it', () => {
    expect(() => parseFileConfig('maintenance:\n  certificateCron: "0 25 * * *"\n')).toThrow(
      /maintenance\.certificateCron "0 25 \* \* \*": hour 25 out of range/,
    );
  });

  it('checks schedule cron expressions when the file is read', () => {
    expect(() =>
      parseFileConfig('maintenance:\n  schedules:\n    - id: m\n      cron: "every monday"\n'),
    ).toThrow(/maintenance\.schedules\.0\.cron/);
  });

  it('accepts L, W and # in schedules and names the field of a form the scheduler cannot run', () => {
    const schedule = (cron: string) =>
      parseFileConfig(`maintenance:\n  schedules:\n    - id: m\n      cron: "${cron}"\n`);
    expect(() => schedule('0 9 LW * *')).not.toThrow();
    expect(() => schedule('0 9 * * 5#2')).not.toThrow();
    expect(() => schedule('0 9 L-3 * *')).toThrow(
      /maintenance\.schedules\.0\.cron "0 9 L-3 \* \*": day-of-month "L-3" is not supported/,
    );
    expect(() => schedule('0 9 13 * 5')).toThrow(
      /maintenance\.schedules\.0\.cron "0 9 13 \* 5": day-of-month and day-of-week are both restricted/,
    );
  });

  it('refuses duplicate services', () => {
    const yaml =
      'services:\n  - {name: api, baseUrl: "https://a.test"}\n  - {name: api, baseUrl: "https://b.test"}\n';
    expect(() => parseFileConfig(yaml)).toThrow(/services.1.name duplicate service/);
  });
});

describe('api tokens', () => {
  const svc = 'services:\n  - {name: payments-api, baseUrl: "https://a.test"}\n';
  const token = () =>
    `${svc}api:\n  tokens:\n    - {name: github-actions, token: "${'$'}{DC_API_TOKEN}", services: [payments-api]}\n`;

  it('reads a token from the environment with the services it may act on', () => {
    const c = parseFileConfig(token(), { DC_API_TOKEN: 'k'.repeat(40) });
    expect(c.api.tokens).toEqual([
      { name: 'github-actions', token: 'k'.repeat(40), services: ['payments-api'] },
    ]);
  });

  it('refuses a short token, naming the field', () => {
    expect(() => parseFileConfig(token(), { DC_API_TOKEN: 'short' }, 'dc.yml')).toThrow(
      /dc.yml: api.tokens.0.token must be at least 32 characters/,
    );
  });

  it('refuses a token for a service that is not configured', () => {
    const yaml = `${svc}api:\n  tokens:\n    - {name: ci, token: "${'x'.repeat(32)}", services: [paymnets-api]}\n`;
    expect(() => parseFileConfig(yaml)).toThrow(/api.tokens.0.services.0 unknown service "paymnets-api"/);
  });

  it('refuses two tokens with the same name', () => {
    const t = `{name: ci, token: "${'x'.repeat(32)}", services: [payments-api]}`;
    expect(() => parseFileConfig(`${svc}api:\n  tokens: [${t}, ${t}]\n`)).toThrow(
      /api.tokens.1.name duplicate token name "ci"/,
    );
  });
});

describe('the documented example config', () => {
  it('parses as shipped (README points users at it)', async () => {
    const { readFileSync } = await import('node:fs');
    const c = parseFileConfig(
      readFileSync('deploy-check.example.yml', 'utf8'),
      { PAYMENTS_PROBE_TOKEN: 't' },
      'deploy-check.example.yml',
    );
    expect(c.services[0]?.probes.headers.Authorization).toBe('Bearer t');
    expect(c.requiredApprovals).toBe(2);
  });

  it('defaults nudges to one thread mention per person per release per hour', () => {
    expect(parseFileConfig('').nudges).toEqual({ enabled: true, via: 'thread', nudgeEveryMinutes: 60 });
  });

  it('names the nudge field that is wrong', () => {
    expect(() => parseFileConfig('nudges: { via: email }', {}, 'c.yml')).toThrow(/c.yml: nudges.via/);
    expect(() =>
      parseFileConfig("nudges: { quietHours: { start: '7pm', end: '08:00' } }", {}, 'c.yml'),
    ).toThrow(/c.yml: nudges.quietHours.start must be a 24-hour time HH:MM/);
    expect(() =>
      parseFileConfig("nudges: { quietHours: { start: '08:00', end: '08:00' } }", {}, 'c.yml'),
    ).toThrow(/c.yml: nudges.quietHours.end must differ from start/);
    expect(() => parseFileConfig('nudges: { nudgeEveryMinutes: 0 }', {}, 'c.yml')).toThrow(
      /c.yml: nudges.nudgeEveryMinutes/,
    );
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../../src/sandbox/slack-web-api.js';
import { BOT_TOKEN } from '../../helpers/slack-harness.js';
import { freePort, spawnBot } from '../../helpers/spawn-bot.js';

// The real entry point, started the way operators start it, failing the ways first runs fail.
const expectShortSecretFreeError = (stderr: string) => {
  expect(stderr).not.toContain('xoxb-');
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
};

describe('start-up failures', () => {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0)) await c();
  });
  const start = async (opts: Parameters<typeof spawnBot>[0]) => {
    const bot = await spawnBot({ ...opts, waitReady: false });
    cleanup.push(() => rmSync(bot.dir, { recursive: true, force: true }));
    const code = await bot.exited;
    return { code, stderr: bot.stderr() };
  };

  it('names SLACK_API_URL when Slack cannot be reached, without the token', async () => {
    const closed = `http://127.0.0.1:${await freePort()}/api/`;
    const r = await start({ apiUrl: closed });
    expect(r.stderr).toContain(`cannot reach Slack at ${closed}: ECONNREFUSED`);
    expectShortSecretFreeError(r.stderr);
    expect(r.code).toBe(1);
  });

  it('names SLACK_BOT_TOKEN when Slack answers invalid_auth, and exits 78', async () => {
    const fake: FakeSlack = await startFakeSlack({ token: 'xoxb-a-different-workspace-token' });
    cleanup.push(() => fake.close());
    const r = await start({ apiUrl: fake.apiUrl });
    expect(r.stderr).toContain('SLACK_BOT_TOKEN was rejected by Slack (invalid_auth)');
    expectShortSecretFreeError(r.stderr);
    expect(r.code).toBe(78);
  });

  it.each([
    ['HTTP mode', {}],
    ['Socket Mode', { SLACK_APP_TOKEN: 'xapp-1-test' }],
  ])('names PORT when the port is taken (%s)', async (_mode, env) => {
    const fake = await startFakeSlack({ token: BOT_TOKEN });
    cleanup.push(() => fake.close());
    const taken: Server = await new Promise((r) => {
      const s = createServer().listen(0, '127.0.0.1', () => r(s));
    });
    cleanup.push(() => new Promise((r) => taken.close(r)));
    const port = (taken.address() as { port: number }).port;
    const r = await start({ apiUrl: fake.apiUrl, port, env });
    expect(r.stderr).toContain(`PORT ${port} is in use; set PORT`);
    expectShortSecretFreeError(r.stderr);
    expect(r.code).toBe(1);
  });

  it('names DATABASE_PATH when the database cannot be created there, and exits 78', async () => {
    const fake = await startFakeSlack({ token: BOT_TOKEN });
    cleanup.push(() => fake.close());
    const dir = mkdtempSync(join(tmpdir(), 'deploy-check-proc-'));
    const underAFile = join(dir, 'c.yml', 'db.sqlite'); // spawnBot writes c.yml as a file
    const r = await start({ apiUrl: fake.apiUrl, dir, env: { DATABASE_PATH: underAFile } });
    expect(r.stderr).toContain(`cannot open DATABASE_PATH ${underAFile}`);
    expectShortSecretFreeError(r.stderr);
    expect(r.code).toBe(78);
  });

  it('exits 78 for a schedule that never fires, like every other configuration error', async () => {
    const fake = await startFakeSlack({ token: BOT_TOKEN });
    cleanup.push(() => fake.close());
    const r = await start({
      apiUrl: fake.apiUrl,
      configYaml: 'maintenance:\n  schedules:\n    - id: leap\n      cron: "0 9 31 2 *"\n',
    });
    expect(r.stderr).toContain('maintenance.schedules[0].cron "0 9 31 2 *": never fires');
    expect(r.code).toBe(78);
  });
});

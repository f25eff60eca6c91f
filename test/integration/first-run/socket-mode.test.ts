import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type Bot, createBot } from '../../../src/bot.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { type FakeSlack, startFakeSlack } from '../../../src/sandbox/slack-web-api.js';
import { startFakeSocketMode } from '../../helpers/fake-socket-mode.js';
import { BOT_TOKEN, nextTrigger } from '../../helpers/slack-harness.js';
import { freePort } from '../../helpers/spawn-bot.js';

// Socket Mode end to end: the real Bolt app and socket client against a local Socket Mode endpoint.
let fake: FakeSlack;
let socketMode: Awaited<ReturnType<typeof startFakeSocketMode>>;
let bot: Bot;
let dir: string;
let port: number;
beforeEach(async () => {
  fake = await startFakeSlack({ token: BOT_TOKEN });
  socketMode = await startFakeSocketMode(fake.apiUrl);
  dir = mkdtempSync(join(tmpdir(), 'deploy-check-socket-'));
  port = await freePort();
  const config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_APP_TOKEN: 'xapp-1-test',
    SLACK_API_URL: socketMode.apiUrl,
    PORT: String(port),
    HOST: '127.0.0.2',
    DATABASE_PATH: join(dir, 'db.sqlite'),
  });
  bot = await createBot(config, { logger: createLogger({ level: 'silent' }) });
  await bot.start();
  await socketMode.connected;
});
afterEach(async () => {
  await bot.stop({ drainMs: 200 });
  await socketMode.close();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

it('serves /metrics on HOST only', async () => {
  expect((await fetch(`http://127.0.0.2:${port}/metrics`)).status).toBe(200);
  await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
});

it('records the ack latency of Socket Mode envelopes', async () => {
  const ack = await socketMode.send('slash_commands', {
    command: '/deploy-check',
    text: 'help',
    user_id: 'UO',
    user_name: 'uo',
    channel_id: 'CREL',
    team_id: 'T1',
    trigger_id: nextTrigger(),
    response_url: 'http://127.0.0.1:9/response/none',
  });
  expect(JSON.stringify(ack)).toContain('Usage');
  const metrics = await (await fetch(`http://127.0.0.2:${port}/metrics`)).text();
  expect(metrics).toMatch(/deploy_check_ack_latency_seconds_count\{type="socket_mode"\} 1/);
});

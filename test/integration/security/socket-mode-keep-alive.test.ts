import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type Bot, createBot } from '../../../src/bot.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { type FakeSlack, startFakeSlack } from '../../../src/sandbox/slack-web-api.js';
import { startFakeSocketMode } from '../../helpers/fake-socket-mode.js';
import { pooledClient } from '../../helpers/pooled-client.js';
import { BOT_TOKEN } from '../../helpers/slack-harness.js';
import { freePort } from '../../helpers/spawn-bot.js';
import { apiConfig, PAYMENTS_TOKEN, SEARCH_TOKEN } from '../api/api-fixture.js';

// The Socket Mode receiver's own HTTP server (/health, /metrics, the pipeline API) behind a pooling proxy.
let fake: FakeSlack;
let socketMode: Awaited<ReturnType<typeof startFakeSocketMode>>;
let bot: Bot;
let dir: string;
let port: number;
beforeEach(async () => {
  fake = await startFakeSlack({ token: BOT_TOKEN });
  socketMode = await startFakeSocketMode(fake.apiUrl);
  dir = mkdtempSync(join(tmpdir(), 'deploy-check-socket-ka-'));
  port = await freePort();
  writeFileSync(join(dir, 'deploy-check.yml'), apiConfig());
  const config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_APP_TOKEN: 'xapp-1-test',
    SLACK_API_URL: socketMode.apiUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_PATH: join(dir, 'db.sqlite'),
    DEPLOY_CHECK_CONFIG: join(dir, 'deploy-check.yml'),
    DC_API_TOKEN: PAYMENTS_TOKEN,
    DC_SEARCH_TOKEN: SEARCH_TOKEN,
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

it('answers the request after a refused 5 MB body on the same pooled connection', async () => {
  const client = pooledClient(`http://127.0.0.1:${port}`);
  try {
    const big = await client.send('/api/v1/releases', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${PAYMENTS_TOKEN}` },
      body: Buffer.alloc(5 * 1024 * 1024, 'a'),
    });
    expect(big).toMatchObject({ status: 413 });
    expect(await client.send('/health')).toMatchObject({ status: 200 });
    const bad = await client.send('/api/v1/releases', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${PAYMENTS_TOKEN}` },
      body: '{not json',
    });
    expect(bad).toMatchObject({ status: 400 });
    expect(client.connections()).toBe(1);
  } finally {
    client.close();
  }
});

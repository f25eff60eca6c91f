import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../../src/sandbox/slack-web-api.js';
import { BOT_TOKEN, commandBody, SIGNING_SECRET, sign } from '../../helpers/slack-harness.js';
import { freePort, waitFor } from '../../helpers/spawn-bot.js';

const repo = resolve(import.meta.dirname, '../../..');

let fake: FakeSlack | undefined;
let child: ChildProcess | undefined;
let dir = '';
afterEach(async () => {
  if (child?.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('npm start runs from .env.example with two tokens filled and the example config', async () => {
  fake = await startFakeSlack({ token: BOT_TOKEN });
  // A checkout as the README's reader has it: the repository's files, their own .env.
  dir = mkdtempSync(join(tmpdir(), 'deploy-check-clone-'));
  for (const f of ['src', 'migrations', 'node_modules']) symlinkSync(join(repo, f), join(dir, f));
  for (const f of ['package.json', 'deploy-check.example.yml']) copyFileSync(join(repo, f), join(dir, f));
  const dotenv = readFileSync(join(repo, '.env.example'), 'utf8')
    .replace('SLACK_BOT_TOKEN=xoxb-your-bot-token', `SLACK_BOT_TOKEN=${BOT_TOKEN}`)
    .replace(/^SLACK_SIGNING_SECRET=$/m, `SLACK_SIGNING_SECRET=${SIGNING_SECRET}`);
  writeFileSync(join(dir, '.env'), dotenv);
  // Only where it runs differs from a laptop: a free loopback port and the stand-in Web API.
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
  Object.assign(env, { PORT: String(port), HOST: '127.0.0.1', SLACK_API_URL: fake.apiUrl });
  child = spawn('npm', ['start'], { cwd: dir, env, stdio: 'ignore', detached: true });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/ready`, 600);
  const body = commandBody('help');
  const res = await fetch(`${url}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body) },
    body,
  });
  expect(res.status).toBe(200);
}, 60_000);

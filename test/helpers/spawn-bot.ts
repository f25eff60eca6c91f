import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOT_TOKEN, SIGNING_SECRET, sign } from './slack-harness.js';

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });

export async function waitFor(url: string, tries = 200) {
  for (let i = 0; i < tries; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${url} never became ready`);
}

/** Runs the real entry point (src/main.ts) as a separate process, as `npm start` does. */
export async function spawnBot(opts: {
  apiUrl: string;
  configYaml?: string;
  dir?: string;
  /** Overrides (undefined removes the variable). */
  env?: Record<string, string | undefined>;
  port?: number;
  /** Wait for /ready (default); false for start-ups expected to fail. */
  waitReady?: boolean;
}) {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'deploy-check-proc-'));
  writeFileSync(join(dir, 'c.yml'), opts.configYaml ?? 'timezone: UTC\n');
  const port = opts.port ?? (await freePort());
  const dbPath = join(dir, 'db.sqlite');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: opts.apiUrl,
    DATABASE_PATH: dbPath,
    DEPLOY_CHECK_CONFIG: join(dir, 'c.yml'),
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
  };
  delete env.SLACK_APP_TOKEN;
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    output += String(d);
  });
  child.stderr?.on('data', (d) => {
    output += String(d);
    stderr += String(d);
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  // Generous: a tsx start on a loaded 2-core machine can take well over 10 s.
  if (opts.waitReady !== false) await waitFor(`${url}/ready`, 600);
  const post = (body: string) =>
    fetch(`${url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body) },
      body,
    });
  return { child, url, dir, dbPath, post, exited, output: () => output, stderr: () => stderr };
}

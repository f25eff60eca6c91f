import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterEach } from 'vitest';
import type { FakeSlack } from '../../src/sandbox/slack-web-api.js';

/** Polls `cond` every 50 ms until it holds or `ms` passed (the caller asserts afterwards). */
export async function until(cond: () => boolean, ms: number) {
  for (const end = Date.now() + ms; !cond() && Date.now() < end; )
    await new Promise((r) => setTimeout(r, 50));
}

/** The bot process, fake Slack and data directory of a test, killed and removed after each test. */
export function processFixture() {
  const f: { child?: ChildProcess | undefined; fake?: FakeSlack | undefined; dir: string } = { dir: '' };
  afterEach(async () => {
    f.child?.kill('SIGKILL');
    await f.fake?.close();
    if (f.dir) rmSync(f.dir, { recursive: true, force: true });
    f.child = undefined;
    f.fake = undefined;
    f.dir = '';
  });
  return f;
}

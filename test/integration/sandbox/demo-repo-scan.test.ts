import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { itemStates } from '../../../src/db/schema.js';
import { useSandbox } from '../../helpers/sandbox-fixture.js';

/** The sidebar's "Scan demo repo" button, as the page calls it: the result arrives in the release thread. */
describe('scanning the demo repository from the sandbox page', { timeout: 60_000 }, () => {
  const ctx = useSandbox();
  const page = async (path: string, body: unknown) =>
    (await fetch(`${ctx.sandbox.url}/sandbox/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then((r) => r.json())) as { ok: boolean; error?: string; threadTs?: string };
  const until = async <T>(f: () => T | undefined): Promise<T> => {
    for (let i = 0; i < 200; i++) {
      const v = f();
      if (v) return v;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('timed out');
  };

  it('asks for a release first when none is open', async () => {
    expect(await page('scanDemo', { user: 'U0OWNER' })).toEqual({
      ok: false,
      error: 'Open a release first: /deploy-check payments-api 1.2.3',
    });
  });

  it('posts the "Repository scan" message in the open release’s thread, with the demo’s problems and their lines', async () => {
    await page('command', { user: 'U0OWNER', text: '/deploy-check payments-api 1.2.3' });
    const parent = await until(() => ctx.sandbox.fake.channelMessages('C0RELEASES').find((m) => !m.threadTs));
    const answer = await page('scanDemo', { user: 'U0OWNER', threadTs: parent.ts });
    expect(answer).toMatchObject({ ok: true, threadTs: parent.ts });
    const msg = await until(() =>
      ctx.sandbox.fake.thread('C0RELEASES', parent.ts).find((m) => m.text.startsWith('Repository scan #1')),
    );
    const body = JSON.stringify(msg.blocks);
    expect(body).toContain('sent by <@U0OWNER>');
    // The demo's root container: a failing item with the Dockerfile line it rests on.
    expect(body).toContain(':x: *The container runs as a non-root user*');
    expect(body).toContain('`Dockerfile:1` FROM python:3.12');
    const state = await ctx.sandbox.bot.database.db
      .select({ state: itemStates.state, source: itemStates.source })
      .from(itemStates)
      .where(eq(itemStates.itemId, 'security.container.user'))
      .get();
    expect(state).toEqual({ state: 'failing', source: 'scan' });
  });
});

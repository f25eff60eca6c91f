import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox-fixture.js';

describe('the sandbox server (without a browser)', () => {
  const ctx = useSandbox();

  const postJson = (path: string, body: unknown) =>
    fetch(`${ctx.sandbox.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('turns a slash command typed on the page into a signed request the bot accepts', async () => {
    await postJson('/sandbox/command', { user: 'U0OWNER', text: '/deploy-check payments-api 1.2.3' });
    // The thread is posted after the ack, as Slack's 3 s rule wants.
    const parentMessage = () => ctx.sandbox.fake.channelMessages('C0RELEASES').find((m) => !m.threadTs);
    for (let i = 0; i < 100 && !parentMessage(); i++) await new Promise((r) => setTimeout(r, 50));
    const parent = parentMessage();
    expect(parent?.text).toMatch(/^Release payments-api 1\.2\.3 → production/);
    expect(ctx.sandbox.fake.ephemeralMessages.map((e) => [e.user, e.text])).toContainEqual([
      'U0OWNER',
      'Opening *Release payments-api 1.2.3 → production*…',
    ]);
  });

  it('refuses a form posted by another web site', async () => {
    const res = await fetch(`${ctx.sandbox.url}/sandbox/command`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ user: 'U0OWNER', text: '/deploy-check help' }),
    });
    expect(res.status).toBe(415);
  });

  it('refuses a request addressed to another host name (DNS rebinding)', async () => {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const u = new URL(ctx.sandbox.url);
      request(
        { host: u.hostname, port: u.port, path: '/sandbox/state', headers: { host: 'attacker.example' } },
        (res) => resolve(res.statusCode),
      )
        .on('error', reject)
        .end();
    });
    expect(status).toBe(421);
  });

  it('answers /ready on its one port with the bot’s readiness', async () => {
    const res = await fetch(`${ctx.sandbox.url}/ready`);
    expect([res.status, await res.json()]).toEqual([200, { status: 'pass', database: 'reachable' }]);
  });

  it('refuses a person the workspace does not have, naming the field', async () => {
    const res = await postJson('/sandbox/command', { user: 'U0NOBODY', text: 'help' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/user/);
  });

  it("publishes a person's Home when they open the tab, and delivers a click on it to the bot", async () => {
    const opened = (await (await postJson('/sandbox/home', { user: 'U0OWNER' })).json()) as { ok?: boolean };
    expect(opened.ok).toBe(true);
    for (let i = 0; i < 100 && !ctx.sandbox.fake.homes.has('U0OWNER'); i++)
      await new Promise((r) => setTimeout(r, 50));
    const state = (await (await fetch(`${ctx.sandbox.url}/sandbox/state?user=U0OWNER`)).json()) as {
      home?: { type?: string; blocks?: { type: string }[] };
    };
    expect(state.home?.type).toBe('home');
    expect(state.home?.blocks?.[0]?.type).toBe('header');
    const click = (await (
      await postJson('/sandbox/homeAction', {
        user: 'U0OWNER',
        action: { type: 'button', action_id: 'home:open:x', block_id: 'b', value: 'x' },
      })
    ).json()) as { ok?: boolean; error?: string };
    expect(click).toEqual({ ok: true });
    const nobody = (await (
      await postJson('/sandbox/homeAction', { user: 'U0ADMIN', action: { action_id: 'home:open:x' } })
    ).json()) as { ok?: boolean };
    expect(nobody.ok).toBe(false);
  });

  it('switches the demo to the full production checklist by restarting the bot on a fresh workspace', async () => {
    const sections = () => {
      const parent = ctx.sandbox.fake.channelMessages('C0RELEASES').find((m) => !m.threadTs);
      return parent ? ctx.sandbox.fake.thread('C0RELEASES', parent.ts).length : 0;
    };
    const open = async (n: number) => {
      await postJson('/sandbox/command', { user: 'U0OWNER', text: '/deploy-check payments-api 9.9.9' });
      for (let i = 0; i < 200 && sections() < n; i++) await new Promise((r) => setTimeout(r, 50));
    };
    const full = ctx.sandbox.bot.checklist.allSections.length;
    const switched = (await (await postJson('/sandbox/checklist', { name: 'full' })).json()) as {
      checklist?: string;
    };
    expect(switched.checklist).toBe('full');
    expect(ctx.sandbox.fake.channelMessages('C0RELEASES')).toEqual([]);
    const production = ctx.sandbox.bot.checklist.allSections.length;
    expect(production).toBeGreaterThan(full);
    await open(production);
    expect(sections()).toBe(production);
    const state = (await (await fetch(`${ctx.sandbox.url}/sandbox/state?user=U0OWNER`)).json()) as {
      checklist?: string;
    };
    expect(state.checklist).toBe('full');
    await postJson('/sandbox/checklist', { name: 'short' });
    expect(ctx.sandbox.bot.checklist.allSections.length).toBe(full);
  }, 60_000);
});

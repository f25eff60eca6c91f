import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, releases } from '../../../src/db/schema.js';
import type { Harness } from '../../helpers/slack-harness.js';
import { threadActions } from '../../helpers/thread-actions.js';
import { apiClient, PAYMENTS_TOKEN, SEARCH_TOKEN, startApiHarness } from './api-fixture.js';

const parents = (h: Harness, channel = 'CREL') =>
  h.fake.channelMessages(channel).filter((m) => !m.threadTs && m.text.startsWith('Release '));

describe('release API', () => {
  let h: Harness;
  let api: ReturnType<typeof apiClient>;
  beforeEach(async () => {
    h = await startApiHarness();
    api = apiClient(h);
  });
  afterEach(async () => {
    await h.close();
  });

  it('opens the release thread in the service channel, shown as opened by the token, and answers 201', async () => {
    const res = await api.open({ url: 'https://ci.example.test/run/42', changelog: 'Faster refunds' });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      service: 'payments-api',
      version: '2.3.1',
      env: 'production',
      status: 'open',
      openedBy: 'github-actions',
      owner: 'api:github-actions',
    });
    expect(res.json.threadUrl).toMatch(/^https?:\/\//);
    await h.settle();
    const parent = parents(h)[0]!;
    const summary = JSON.stringify(parent.blocks);
    expect(summary).toContain('opened by `github-actions`');
    expect(summary).toContain('*Changelog:* Faster refunds');
    expect(h.fake.thread('CREL', parent.ts)).toHaveLength(3);
  });

  it('makes a requestedBy Slack user the release owner', async () => {
    const res = await api.open({ requestedBy: 'UDEPLOYER' });
    expect(res.json.owner).toBe('UDEPLOYER');
    expect(JSON.stringify(parents(h)[0]!.blocks)).toContain(
      '*Owner:* <@UDEPLOYER> · opened by `github-actions`',
    );
  });

  it('refuses a wrong or missing token with 401 problem+json and opens nothing', async () => {
    for (const client of [apiClient(h, 'not-the-token-0123456789abcdef0123456789'), apiClient(h, '')]) {
      const res = await client.open();
      expect(res.status).toBe(401);
      expect(res.type).toBe('application/problem+json');
      expect(res.json).toMatchObject({ type: 'urn:deploy-check:problem:unauthorized', status: 401 });
    }
    expect(await h.bot.database.db.select().from(releases).all()).toEqual([]);
  });

  it("refuses a token acting on another service's release with 403", async () => {
    const search = apiClient(h, SEARCH_TOKEN);
    const other = await search.open({ service: 'payments-api' });
    expect(other.status).toBe(403);
    expect(other.json.type).toBe('urn:deploy-check:problem:forbidden');
    expect(other.json.detail).toContain('Token "search-ci" may act on search-api, not on "payments-api"');
    const mine = await api.open();
    expect((await search.get(mine.json.id)).status).toBe(403);
    expect((await search.cancel(mine.json.id)).status).toBe(403);
    expect((await h.bot.database.db.select().from(releases).get())!.status).toBe('open');
  });

  it('answers a replayed POST with the same release (200) and no second thread', async () => {
    const first = await api.open();
    const again = await api.open();
    expect(again.status).toBe(200);
    expect(again.json.id).toBe(first.json.id);
    expect(parents(h)).toHaveLength(1);
  });

  it('opens one release and one thread for 100 concurrent identical POSTs', async () => {
    const all = await Promise.all(Array.from({ length: 100 }, () => api.open()));
    expect(all.map((r) => r.status).sort()).toEqual([...Array(99).fill(200), 201]);
    expect(new Set(all.map((r) => r.json.id)).size).toBe(1);
    await h.settle();
    expect(parents(h)).toHaveLength(1);
    expect(h.fake.thread('CREL', parents(h)[0]!.ts)).toHaveLength(3);
    expect(await h.bot.database.db.select().from(releases).all()).toHaveLength(1);
  });

  it('names the offending fields of an invalid body', async () => {
    const res = await api.call('POST', '/releases', {
      service: 'payments-api',
      version: 'not a version',
      colour: 1,
    });
    expect(res.status).toBe(400);
    expect(res.json.type).toBe('urn:deploy-check:problem:invalid-request');
    expect(res.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(['(body)', 'version']);
    expect((await api.call('POST', '/releases', '{not json')).json.detail).toContain('not valid JSON');
  });

  it('reports status, progress, the Approve button’s missing list and approvals', async () => {
    const { json } = await api.open();
    await threadActions(h).tickAll('Security', 'UALICE');
    const res = await api.get(json.id);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      status: 'open',
      progress: { done: 2, total: 3 },
      summary: '1 item and Security and Database sign-offs missing',
      approvals: { count: 0, required: 1, by: [] },
      watch: null,
    });
    expect(res.json.missing).toEqual([
      'Security: not signed off',
      'Database: 1 open item(s): Restore process tested and documented',
      'Database: not signed off',
    ]);
    expect((await api.get('rnope')).json.type).toBe('urn:deploy-check:problem:not-found');
  });

  it('refuses to mark an open release deployed with 409 and what is missing', async () => {
    const { json } = await api.open();
    const res = await api.deployed(json.id);
    expect(res.status).toBe(409);
    expect(res.json.type).toBe('urn:deploy-check:problem:invalid-state');
    expect(res.json.missing).toContain('Security: not signed off');
    expect((await h.bot.database.db.select().from(releases).get())!.status).toBe('open');
  });

  it('marks an approved release deployed, announces it in the thread, audits it and starts the watch', async () => {
    const { json } = await api.open();
    await threadActions(h).completeAndApprove(json.id, ['Security', 'Database']);
    expect((await api.get(json.id)).json.status).toBe('approved');
    const res = await api.deployed(json.id, { by: 'UDEPLOYER' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      status: 'deployed',
      deployedBy: 'UDEPLOYER',
      watch: { outcome: 'watching' },
    });
    await h.settle();
    const thread = h.fake.thread('CREL', parents(h)[0]!.ts).map((m) => m.text);
    expect(thread).toContainEqual(expect.stringContaining('marked deployed by <@UDEPLOYER>'));
    const audit = await h.bot.database.db.select().from(auditLog).all();
    expect(audit.map((a) => [a.action, a.actor, a.via])).toContainEqual([
      'release.deployed',
      'UDEPLOYER',
      'api',
    ]);
  });

  it('cancels a release, keeping the record, and says so in the thread', async () => {
    const { json } = await api.open();
    const res = await api.cancel(json.id);
    expect(res.json.status).toBe('cancelled');
    await h.settle();
    const texts = h.fake.thread('CREL', parents(h)[0]!.ts).map((m) => m.text);
    expect(texts).toContainEqual(expect.stringContaining('Release cancelled by github-actions (API)'));
    expect((await api.cancel(json.id)).status).toBe(409);
    expect((await api.open()).status).toBe(201);
  });
});

describe('API tokens in the logs', () => {
  it('never writes a token, right or wrong, to the log', async () => {
    const logLines: string[] = [];
    const h = await startApiHarness({ logLines });
    try {
      const wrong = 'wrong-token-abcdef0123456789abcdef0123456789';
      await apiClient(h).open();
      await apiClient(h, wrong).open();
      await apiClient(h).call('GET', '/releases/rnope');
      await h.settle();
      expect(logLines.join('\n')).toContain('release opened through the API');
      for (const secret of [PAYMENTS_TOKEN, SEARCH_TOKEN, wrong])
        expect(logLines.join('\n')).not.toContain(secret);
    } finally {
      await h.close();
    }
  });
});

import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemStates, scanRuns } from '../../../src/db/schema.js';
import { buildReleaseRecord, renderReleaseMarkdown } from '../../../src/domain/export.js';
import { scanReport } from '../../helpers/scan-report-fixture.js';
import { type Harness, optionsOf, releaseThread } from '../../helpers/slack-harness.js';
import { groupBlocks, threadActions } from '../../helpers/thread-actions.js';
import { apiClient, PAYMENTS_TOKEN, SEARCH_TOKEN, startApiHarness } from './api-fixture.js';

type Text = { text?: { text?: string }; elements?: { text?: string }[] };
const textOf = (blocks: unknown[]) =>
  (blocks as Text[]).map((b) => b.text?.text ?? (b.elements ?? []).map((e) => e.text).join(' ')).join('\n');

describe('repository scans sent through the pipeline API', { timeout: 60_000 }, () => {
  let h: Harness;
  let id: string;
  const api = () => apiClient(h);
  const send = (report: unknown, token = PAYMENTS_TOKEN) =>
    apiClient(h, token).call('POST', `/releases/${id}/scans`, report);
  const scanMessages = () =>
    releaseThread(h.fake).replies.filter((m) => m.text.startsWith('Repository scan'));
  const option = (section: string, itemId: string) => {
    const m = releaseThread(h.fake).section(section);
    for (const b of groupBlocks(m)) {
      const o = optionsOf(m, b).options.find((x) => x.value === itemId);
      if (o) return o;
    }
    throw new Error(`no option ${itemId}`);
  };
  const state = (itemId: string) =>
    h.bot.database.db
      .select({
        state: itemStates.state,
        source: itemStates.source,
        reason: itemStates.reason,
        evidence: itemStates.evidence,
      })
      .from(itemStates)
      .where(eq(itemStates.itemId, itemId))
      .get();

  beforeAll(async () => {
    h = await startApiHarness({ checklist: 'test/fixtures/scan-checklist.yml' });
    id = (await api().open()).json.id;
    await h.settle();
  });
  afterAll(async () => {
    await h.close();
  });

  it('refuses a token for another service, and reports over the size limits, as problem+json', async () => {
    const other = await send(scanReport(), SEARCH_TOKEN);
    expect(other.status).toBe(403);
    expect(other.type).toBe('application/problem+json');
    const many = scanReport();
    many.checks[0]!.evidence = Array.from({ length: 21 }, (_, i) => ({
      path: 'a.py',
      line: i + 1,
      text: 'x',
    }));
    const tooMany = await send(many);
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.type).toBe('urn:deploy-check:problem:invalid-request');
    expect(tooMany.json.detail).toMatch(/checks\.0\.evidence/);
    const tooBig = await send(JSON.stringify({ ...scanReport(), padding: 'x'.repeat(1024 * 1024) }));
    expect(tooBig.status).toBe(413);
    expect(tooBig.json.type).toBe('urn:deploy-check:problem:payload-too-large');
    expect(await h.bot.database.db.select({ n: count() }).from(scanRuns).get()).toEqual({ n: 0 });
  });

  it('posts a "Repository scan" message, ticks passing items "verified by scan at <commit>" and marks failing ones', async () => {
    const res = await send(scanReport());
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      id: 1,
      releaseId: id,
      commit: '3f9c2a71d5e8b04c6a1f2e3d4c5b6a7980716253',
      submittedBy: 'api:github-actions',
      summary: { pass: 1, warn: 1, fail: 2, unknown: 1 },
      effects: {
        ticked: ['security.secret-key'],
        failing: ['security.cors', 'container.user'],
        flagged: ['container.slim'],
      },
    });
    await h.settle();
    const [msg] = scanMessages();
    expect(msg!.blocks[0]).toMatchObject({ text: { text: 'Repository scan #1 at 3f9c2a7' } });
    const body = textOf(msg!.blocks);
    // Failures first (with evidence and fix), then the warning, then what stays with people.
    const cors = body.indexOf('CORS configured for specific origins');
    const user = body.indexOf('Container runs as a non-root user');
    const slim = body.indexOf('Slim base image');
    expect(cors).toBeGreaterThan(-1);
    expect(user).toBeGreaterThan(-1);
    expect(slim).toBeGreaterThan(Math.max(cors, user));
    expect(body).toContain('`backend/app/main.py:21`');
    expect(body).toContain('_Fix:_ List the front-end origins in allow_origins');
    expect(body).toContain('2 item(s) the repository cannot decide stay with people');
    expect(body).toContain('2 item(s) marked failing — approval is blocked');
    expect(option('Security', 'security.secret-key').description?.text).toBe(
      '🔎 verified by scan at 3f9c2a7 (run #1): backend/app/core/config.py:14',
    );
    expect(option('Security', 'security.cors').description?.text).toMatch(
      /^✗ backend\/app\/main\.py:21 — cors: /,
    );
    // Warn and unknown leave the item to people.
    expect(await state('container.slim')).toBeUndefined();
    expect(await state('container.pool')).toBeUndefined();
    expect(releaseThread(h.fake).parent.text).toContain('1/7 done · 0 N/A · 2 failing');
  });

  it('blocks approval on a failing scan item until an approver overrides it with a reason', async () => {
    const t = threadActions(h);
    await t.approve(id, 'UREL1');
    const refusal = String(h.fake.ephemerals().at(-1)?.text);
    expect(refusal).toContain('Not ready for approval');
    expect(refusal).toContain('Security: 1 failing check(s): CORS configured for specific origins');
    expect(refusal).toContain('Container: 1 failing check(s): Container runs as a non-root user');
    // Ticking it by hand is refused while the scan says it fails.
    await t.tickAll('Security', 'UALICE');
    expect((await state('security.cors'))?.state).toBe('failing');
    await t.override({
      section: 'Security',
      releaseId: id,
      user: 'UREL1',
      itemId: 'security.cors',
      reason: 'Internal API behind the VPN only',
    });
    expect(await state('security.cors')).toMatchObject({
      state: 'done',
      reason: 'override: Internal API behind the VPN only',
    });
    await t.approve(id, 'UREL1');
    const again = String(h.fake.ephemerals().at(-1)?.text);
    expect(again).not.toContain('CORS configured for specific origins');
    expect(again).toContain('Container: 1 failing check(s): Container runs as a non-root user');
  });

  it('a later passing scan clears the item it failed, and leaves N/A and people’s ticks alone', async () => {
    const res = await send(
      scanReport(
        { 'dockerfile-user': 'pass', 'secret-key': 'fail', cors: 'pass' },
        { commit: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678' },
      ),
    );
    expect(res.status).toBe(201);
    await h.settle();
    expect(await state('container.user')).toMatchObject({ state: 'done', source: 'scan' });
    expect(option('Container', 'container.user').description?.text).toMatch(
      /^🔎 verified by scan at a1b2c3d \(run #2\): backend\/Dockerfile:9/,
    );
    // The approver's override is a person's tick: a passing scan does not take it over.
    expect(await state('security.cors')).toMatchObject({
      source: 'user',
      reason: 'override: Internal API behind the VPN only',
    });
    expect((await state('security.secret-key'))?.state).toBe('failing');
    expect(scanMessages()).toHaveLength(2);
    expect(res.json.effects.failing).toEqual(['security.secret-key']);
  });

  it('exports the scan runs with their evidence (json and markdown)', async () => {
    const record = await buildReleaseRecord(h.bot.database.db, h.bot.checklist, id);
    expect(record.scanRuns.map((r) => [r.id, r.commit, r.submittedBy])).toEqual([
      [1, '3f9c2a71d5e8b04c6a1f2e3d4c5b6a7980716253', 'api:github-actions'],
      [2, 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', 'api:github-actions'],
    ]);
    expect(record.scanRuns[0]!.report.checks.find((c) => c.id === 'cors')!.evidence[0]).toEqual({
      path: 'backend/app/main.py',
      line: 21,
      text: 'app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)',
    });
    const md = renderReleaseMarkdown(record, { timeZone: 'UTC' });
    expect(md).toContain('## Repository scans');
    expect(md).toContain('### Scan 1 — commit 3f9c2a7');
    expect(md).toMatch(/\| CORS configured for specific origins \| fail \| .*backend\/app\/main\.py:21/);
  });
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { blockKitErrors } from '../../../src/sandbox/block-kit-limits.js';
import type { Block } from '../../../src/slack/ports.js';
import { type Harness, startHarness } from '../../helpers/slack-harness.js';

/** `/deploy-check issues` through the real receiver with signed requests. */
describe('/deploy-check issues', () => {
  let h: Harness;
  let dir: string | undefined;
  afterEach(async () => {
    await h.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("lists the seed's common production issues with symptom and solution, only to the person who asked", async () => {
    h = await startHarness();
    const res = await h.command('issues');
    const body = res.json();
    expect(body.response_type).toBe('ephemeral');
    const blocks = body.blocks as Block[];
    expect(blockKitErrors(blocks)).toEqual([]);
    const text = JSON.stringify(blocks);
    for (const row of [
      'Connection pool exhausted',
      'Memory leak',
      'Slow queries',
      'Token expiry errors',
      'CORS errors',
    ])
      expect(text).toContain(row);
    expect(text).toContain('QueuePool limit exceeded');
    expect(text).toContain('Verify `allow_origins` includes client domain');
    await h.settle();
    expect(h.fake.calls.filter((c) => c.method === 'chat.postMessage')).toEqual([]);
  });

  it("lists a team's own rows from its checklist file", async () => {
    dir = mkdtempSync(join(tmpdir(), 'deploy-check-issues-'));
    const checklist = join(dir, 'checklist.yml');
    writeFileSync(
      checklist,
      `${readFileSync(resolve('test/fixtures/mini-checklist.yml'), 'utf8')}
commonIssues:
  - id: issue.redis-evictions
    issue: Redis evictions
    symptom: Cache hit ratio drops after deploy
    solution: Raise maxmemory or shorten TTLs
    signals: [error-spike]
`,
    );
    h = await startHarness({ configYaml: `checklist: ${checklist}\n` });
    const text = JSON.stringify((await h.command('issues')).json().blocks);
    expect(text).toContain('Redis evictions');
    expect(text).not.toContain('Connection pool exhausted');
  });

  it('refuses extra words with the usage, and lists the command in help', async () => {
    h = await startHarness();
    const res = await h.command('issues now');
    expect(String(res.json().text)).toContain('`issues` takes no arguments.');
    expect(String((await h.command('help')).json().text)).toContain('/deploy-check issues');
  });
});

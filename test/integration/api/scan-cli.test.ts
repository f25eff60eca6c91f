import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { releases, scanRuns } from '../../../src/db/schema.js';
import { gitRepoCopy } from '../../helpers/git-repo-copy.js';
import { startCli } from '../../helpers/run-cli.js';
import { type Harness, releaseThread } from '../../helpers/slack-harness.js';
import { threadActions } from '../../helpers/thread-actions.js';
import { apiClient, PAYMENTS_TOKEN, SEARCH_TOKEN, startApiHarness } from './api-fixture.js';

/** `deploy-check scan --release` and `gate --scan` as a pipeline runs them: real process, real bot. */
describe('repository scans sent by the CLI', { timeout: 90_000 }, () => {
  let repo: ReturnType<typeof gitRepoCopy>;
  let h: Harness;
  beforeAll(() => {
    repo = gitRepoCopy('sandbox/demo-repo');
  });
  afterAll(() => repo.cleanup());
  beforeEach(async () => {
    h = await startApiHarness();
  });
  afterEach(async () => {
    await h.close();
  });
  const env = (token = PAYMENTS_TOKEN) => ({ DEPLOY_CHECK_URL: h.url, DEPLOY_CHECK_TOKEN: token });
  const scanMessage = async () => {
    for (let i = 0; i < 100; i++) {
      const m = releaseThread(h.fake).replies.find((r) => r.text.startsWith('Repository scan'));
      if (m) return m;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('no Repository scan message in the thread');
  };

  it('scan DIR --release sends the scan with the work tree’s HEAD, and the thread shows it', async () => {
    const id = (await apiClient(h).open()).json.id as string;
    const { code, stdout, stderr } = await startCli(['scan', repo.dir, '--release', id], env()).exited;
    expect(stderr).toBe('');
    const stored = await h.bot.database.db.select().from(scanRuns).all();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      releaseId: id,
      commit: repo.commit,
      submittedBy: 'api:github-actions',
    });
    // The scan's own exit code: 1 when an item failed.
    expect(code).toBe(stored[0]!.fail > 0 ? 1 : 0);
    expect(stdout).toContain(`Scan #1 at ${repo.commit.slice(0, 7)} sent to release ${id}:`);
    expect((await scanMessage()).text).toMatch(
      new RegExp(`^Repository scan #1 at ${repo.commit.slice(0, 7)}: `),
    );
  });

  it('scan --release exits 2 naming the problem when the token may not act on the release’s service', async () => {
    const id = (await apiClient(h).open()).json.id as string;
    const { code, stderr } = await startCli(['scan', repo.dir, '--release', id], env(SEARCH_TOKEN)).exited;
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /the scan was not sent to release r[0-9a-f]+: Token "search-ci" may act on search-api, not on "payments-api"\. \(403\)/,
    );
    expect(await h.bot.database.db.select().from(scanRuns).all()).toEqual([]);
  });

  it('gate --scan scans, opens the release, sends the scan to it, then waits for Slack', async () => {
    const run = startCli(
      ['gate', 'payments-api', '2.3.1', '--poll', '100ms', '--timeout', '60s', '--scan', repo.dir],
      env(),
    );
    await run.line(new RegExp(`^Scanned .* at ${repo.commit.slice(0, 7)}: \\d+ fail`, 'm'));
    const [, id] = await run.line(/Opened release (r[0-9a-f]+)/);
    await run.line(new RegExp(`Scan #1 at ${repo.commit.slice(0, 7)} sent to release ${id}`));
    await scanMessage();
    await threadActions(h).cancel(id!, 'UBOB');
    const { code } = await run.exited;
    expect(code).toBe(1);
  });

  it('gate --scan of a folder with no app opens no release and exits 2', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'deploy-check-empty-'));
    writeFileSync(join(empty, 'README.md'), '# not an app\n');
    const { code, stderr } = await startCli(['gate', 'payments-api', '2.3.1', '--scan', empty], env()).exited;
    rmSync(empty, { recursive: true, force: true });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^deploy-check gate: no FastAPI app in /);
    expect(await h.bot.database.db.select({ n: count() }).from(releases).get()).toEqual({ n: 0 });
  });
});

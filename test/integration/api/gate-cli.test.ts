import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { releases } from '../../../src/db/schema.js';
import { startCli } from '../../helpers/run-cli.js';
import type { Harness } from '../../helpers/slack-harness.js';
import { threadActions } from '../../helpers/thread-actions.js';
import { PAYMENTS_TOKEN, startApiHarness } from './api-fixture.js';

/** `deploy-check gate` as a pipeline runs it, against the running bot, while people act in Slack. */
describe('deploy-check gate (real process, real bot)', { timeout: 90_000 }, () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startApiHarness();
  });
  afterEach(async () => {
    await h.close();
  });
  const env = () => ({ DEPLOY_CHECK_URL: h.url, DEPLOY_CHECK_TOKEN: PAYMENTS_TOKEN });
  const gate = (...args: string[]) =>
    startCli(['gate', 'payments-api', '2.3.1', '--poll', '100ms', '--timeout', '60s', ...args], env());

  it('prints the thread link and one line per change, and exits 0 once the release is approved in Slack', async () => {
    const run = gate();
    const [, id] = await run.line(/Opened release (r[0-9a-f]+) \(payments-api 2\.3\.1 → production\): http/);
    await run.line(/3 items and Security and Database sign-offs missing/);
    const slack = threadActions(h);
    await slack.tickAll('Security', 'UALICE');
    await slack.signoff('Security', 'UALICE');
    // People in Slack take longer than one poll between ticking a section and signing it off: wait until
    // the gate has seen that state rather than race its 100 ms poll.
    await slack.tickAll('Database', 'UALICE');
    await run.line(/^Database sign-off missing$/m);
    await slack.signoff('Database', 'UALICE');
    await slack.approve(id!, 'UREL1');
    const { code, stdout } = await run.exited;
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines.at(-2)).toBe('approved, ready to deploy');
    expect(lines.at(-1)).toBe('Approved by UREL1.');
    expect(lines).toContain('Database sign-off missing');
    expect(new Set(lines).size).toBe(lines.length);
  });

  it('exits 1 when the release is cancelled in Slack', async () => {
    const run = gate();
    const [, id] = await run.line(/Opened release (r[0-9a-f]+)/);
    await threadActions(h).cancel(id!, 'UBOB');
    const { code, stdout } = await run.exited;
    expect(code).toBe(1);
    expect(stdout.trim().split('\n').at(-1)).toBe('cancelled');
  });

  it('exits 3 when nobody approves before --timeout, leaving the release open', async () => {
    const { code, stderr } = await startCli(
      ['gate', 'payments-api', '2.3.1', '--poll', '100ms', '--timeout', '600ms'],
      env(),
    ).exited;
    expect(code).toBe(3);
    expect(stderr).toMatch(/not approved within 600ms; release r[0-9a-f]+ stays open/);
    expect((await h.bot.database.db.select().from(releases).get())!.status).toBe('open');
  });

  it('finds the release a previous run opened instead of opening another', async () => {
    const first = await startCli(['gate', 'payments-api', '2.3.1', '--timeout', '100ms'], env()).exited;
    const second = await startCli(['gate', 'payments-api', '2.3.1', '--timeout', '100ms'], env()).exited;
    const id = (s: string) => s.match(/release (r[0-9a-f]+)/)?.[1];
    expect(second.stdout).toMatch(/^Found release/);
    expect(id(second.stdout)).toBe(id(first.stdout));
    expect(await h.bot.database.db.select().from(releases).all()).toHaveLength(1);
  });

  it('exits 2 with the reason on a wrong token, an unknown service or missing settings', async () => {
    // Started together: each is a separate Node process, slow to boot on a busy machine.
    const [wrong, other, unset, usage] = await Promise.all([
      startCli(['gate', 'payments-api', '2.3.1'], {
        ...env(),
        DEPLOY_CHECK_TOKEN: 'wrong-token-0123456789abcdef0123456789',
      }).exited,
      startCli(['gate', 'search-api', '1.0.0'], env()).exited,
      startCli(['gate', 'payments-api', '2.3.1'], {}).exited,
      startCli(['gate', 'payments-api', '--timeout', 'soon'], env()).exited,
    ]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('not in the bot’s api.tokens configuration. (401)');
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('may act on payments-api, not on "search-api". (403)');
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain('DEPLOY_CHECK_URL is not set');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('expected <service> <version>');
    expect(await h.bot.database.db.select().from(releases).all()).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeSettingsSchema } from '../../../src/config.js';
import { runProbes } from '../../../src/probes/runner.js';
import { createTargetGuard, type LookupFn } from '../../../src/probes/target-guard.js';
import { goodService, listen, type Target } from '../../helpers/probe-targets.js';

/** Resolves every name to `address`, as a rebinding or hostile DNS server would. */
const resolvesTo = (address: string): LookupFn =>
  ((_h: string, _o: unknown, cb: (e: null, a: { address: string; family: number }[]) => void) =>
    cb(null, [{ address, family: 4 }])) as unknown as LookupFn;

const settings = probeSettingsSchema.parse({ timeoutMs: 2000, deadlineMs: 5000 });

// Only loopback here: a failing guard must never send a packet to a real link-local address. Refusals of
// link-local targets (literal, mapped, resolved name, redirect hop) are proven in ssrf-namespace.test.ts.
describe('SSRF guard in the engine (Slack runs)', () => {
  let good: Target;
  let hits = 0;
  beforeAll(async () => {
    good = await listen((req, res) => {
      hits++;
      goodService(req, res);
    });
  });
  afterAll(async () => {
    await good.close();
  });

  it('connects to the address the guard checked (its lookup is the one used)', async () => {
    const guard = createTargetGuard(
      { allowHosts: ['api.internal.test'], allowLinkLocal: false, restrictHosts: true },
      resolvesTo('127.0.0.1'),
    );
    const r = await runProbes(
      { url: `http://api.internal.test:${good.port}`, settings, only: ['health'] },
      { guard },
    );
    expect(r.results[0]).toMatchObject({ status: 'pass' });
  });

  it('refuses an unconfigured host without sending it a single request', async () => {
    const guard = createTargetGuard({
      allowHosts: ['api.example.com'],
      allowLinkLocal: false,
      restrictHosts: true,
    });
    hits = 0;
    const r = await runProbes({ url: good.url, settings }, { guard });
    expect(r.summary.fail).toBe(r.results.length);
    expect(r.results[0]?.summary).toMatch(/not a configured service/);
    expect(hits).toBe(0);
  });

  it('lets the CLI (no host restriction) probe what its user passes', async () => {
    const guard = createTargetGuard({ allowHosts: [], allowLinkLocal: false, restrictHosts: false });
    const r = await runProbes({ url: good.url, settings, only: ['health'] }, { guard });
    expect(r.results[0]).toMatchObject({ status: 'pass' });
  });
});

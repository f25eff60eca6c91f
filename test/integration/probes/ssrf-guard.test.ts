import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeSettingsSchema } from '../../../src/config.js';
import { runProbes } from '../../../src/probes/runner.js';
import { createTargetGuard, type LookupFn } from '../../../src/probes/target-guard.js';
import { goodService, listen, redirectTo, type Target } from '../../helpers/probe-targets.js';

/** Resolves every name to `address`, as a rebinding or hostile DNS server would. */
const resolvesTo = (address: string): LookupFn =>
  ((_h: string, _o: unknown, cb: (e: null, a: { address: string; family: number }[]) => void) =>
    cb(null, [{ address, family: 4 }])) as unknown as LookupFn;

const settings = probeSettingsSchema.parse({ timeoutMs: 2000, deadlineMs: 5000 });

describe('SSRF guard in the engine (Slack runs)', () => {
  let good: Target;
  let toMetadata: Target;
  let hits = 0;
  beforeAll(async () => {
    good = await listen((req, res) => {
      hits++;
      goodService(req, res);
    });
    toMetadata = await listen(redirectTo(() => 'http://169.254.169.254/latest/meta-data/iam/'));
  });
  afterAll(async () => {
    await good.close();
    await toMetadata.close();
  });

  it('refuses a redirect from an allowed host to the metadata address', async () => {
    const guard = createTargetGuard({
      allowHosts: ['127.0.0.1'],
      allowLinkLocal: false,
      restrictHosts: true,
    });
    const r = await runProbes({ url: toMetadata.url, settings, only: ['health'] }, { guard });
    expect(r.results[0]).toMatchObject({ status: 'fail' });
    expect(r.results[0]?.summary).toMatch(/Refusing to probe 169\.254\.169\.254.*metadata/);
  });

  it('refuses a configured name that resolves to a link-local address, at connect time', async () => {
    const guard = createTargetGuard(
      { allowHosts: ['api.internal.test'], allowLinkLocal: false, restrictHosts: true },
      resolvesTo('169.254.169.254'),
    );
    const r = await runProbes(
      { url: `https://api.internal.test:${good.port}`, settings, only: ['health', 'tls-certificate'] },
      { guard },
    );
    for (const x of r.results) expect(x.summary).toMatch(/resolves to 169\.254\.169\.254/);
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

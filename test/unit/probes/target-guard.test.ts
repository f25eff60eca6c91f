import { describe, expect, it } from 'vitest';
import { addressGuard, createTargetGuard, type LookupFn } from '../../../src/probes/target-guard.js';

const fakeLookup = (address: string): LookupFn =>
  ((_host: string, _opts: unknown, cb: (e: null, a: { address: string; family: number }[]) => void) =>
    cb(null, [{ address, family: address.includes(':') ? 6 : 4 }])) as unknown as LookupFn;

const resolve = (guard: ReturnType<typeof createTargetGuard>, host: string) =>
  new Promise<string>((ok, fail) =>
    (guard.lookup as unknown as (h: string, o: object, cb: (e: Error | null, a?: string) => void) => void)(
      host,
      {},
      (e, a) => (e ? fail(e) : ok(String(a))),
    ),
  );

describe('SSRF guard', () => {
  const slack = createTargetGuard({
    allowHosts: ['api.example.com', '*.internal.example.com'],
    allowLinkLocal: false,
    restrictHosts: true,
  });

  it('allows configured hosts and allowlisted suffixes only', () => {
    expect(() => slack.assertUrl(new URL('https://api.example.com/health'))).not.toThrow();
    expect(() => slack.assertUrl(new URL('https://svc.internal.example.com/'))).not.toThrow();
    expect(() => slack.assertUrl(new URL('https://evil.example.org/'))).toThrow(/not a configured service/);
  });

  it('refuses link-local and metadata addresses even when allowlisted', () => {
    const g = createTargetGuard({
      allowHosts: ['169.254.169.254', '[fd00:ec2::254]', 'metadata.google.internal'],
      allowLinkLocal: false,
      restrictHosts: true,
    });
    expect(() => g.assertUrl(new URL('http://169.254.169.254/latest/meta-data/'))).toThrow(/metadata/);
    expect(() => g.assertUrl(new URL('http://[fd00:ec2::254]/'))).toThrow(/metadata/);
    expect(() => g.assertUrl(new URL('http://metadata.google.internal/'))).toThrow(/metadata/);
    expect(() => g.assertUrl(new URL('file:///etc/passwd'))).toThrow(/only http/);
  });

  it('refuses a DNS name that resolves to a metadata address', async () => {
    const g = createTargetGuard(
      { allowHosts: ['api.example.com'], allowLinkLocal: false, restrictHosts: true },
      fakeLookup('169.254.169.254'),
    );
    await expect(resolve(g, 'api.example.com')).rejects.toThrow(/resolves to 169.254.169.254/);
    const ok = createTargetGuard(
      { allowHosts: ['api.example.com'], allowLinkLocal: false, restrictHosts: true },
      fakeLookup('10.0.0.5'),
    );
    await expect(resolve(ok, 'api.example.com')).resolves.toBe('10.0.0.5');
  });

  it('lets an explicit allowLinkLocal through', () => {
    const g = createTargetGuard({ allowHosts: [], allowLinkLocal: true, restrictHosts: false });
    expect(() => g.assertUrl(new URL('http://169.254.169.254/'))).not.toThrow();
  });

  it('refuses the metadata address in its IPv4-mapped IPv6 spelling, even when allowlisted', () => {
    const g = createTargetGuard({
      allowHosts: ['[::ffff:a9fe:a9fe]'],
      allowLinkLocal: false,
      restrictHosts: true,
    });
    expect(() => g.assertUrl(new URL('http://[::ffff:169.254.169.254]/'))).toThrow(
      /Refusing to probe ::ffff:a9fe:a9fe: ::ffff:a9fe:a9fe is a link-local/,
    );
  });

  it.each([
    ['NAT64 local-use', 'http://[64:ff9b:1::a9fe:a9fe]/'],
    ['6to4', 'http://[2002:a9fe:a9fe::]/'],
    ['Teredo', 'http://[2001:0:4136:e378:8000:63bf:5601:5601]/'],
  ])('refuses metadata tunnelled through %s, even when allowlisted, and when resolved to', async (_, url) => {
    const host = new URL(url).hostname;
    const g = createTargetGuard({ allowHosts: [host], allowLinkLocal: false, restrictHosts: true });
    expect(() => g.assertUrl(new URL(url))).toThrow(/is a link-local \/ cloud metadata address/);
    const viaDns = createTargetGuard(
      { allowHosts: ['api.example.com'], allowLinkLocal: false, restrictHosts: true },
      fakeLookup(host.slice(1, -1)),
    );
    await expect(resolve(viaDns, 'api.example.com')).rejects.toThrow(/metadata/);
  });

  it('refuses the unspecified address even when link-local is allowed', () => {
    const g = addressGuard(true);
    expect(() => g.assertUrl(new URL('http://0.0.0.0:8080/'))).toThrow(/unspecified address/);
    expect(() => g.assertUrl(new URL('http://[::]/'))).toThrow(/unspecified address/);
  });

  it('refuses a metadata name written with a trailing dot or in upper case', () => {
    const g = addressGuard();
    expect(() => g.assertUrl(new URL('http://METADATA.google.internal./'))).toThrow(/cloud metadata name/);
  });

  it("names the entry point's way to allow link-local targets in the refusal", () => {
    expect(() => addressGuard(false, '--allow-link-local').assertUrl(new URL('http://2852039166/'))).toThrow(
      'Refusing to probe 169.254.169.254: 169.254.169.254 is a link-local / cloud metadata address (to probe it anyway: --allow-link-local).',
    );
  });

  it('refuses a name resolving to a link-local address up front (assertResolved)', async () => {
    const g = createTargetGuard(
      { allowHosts: [], allowLinkLocal: false, restrictHosts: false },
      fakeLookup('fe80::1'),
    );
    await expect(g.assertResolved(new URL('http://api.example.com/'))).rejects.toThrow(
      /api\.example\.com resolves to fe80::1, a link-local/,
    );
  });
});

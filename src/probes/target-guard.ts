import { lookup as dnsLookup } from 'node:dns';
import { isIP } from 'node:net';
import { AppError, ErrorCode } from '../errors.js';

export type LookupFn = typeof dnsLookup;

/** Link-local and cloud metadata addresses: never probed from Slack unless explicitly allowed. */
export function isLinkLocalOrMetadata(address: string): boolean {
  const a = address.toLowerCase().replace(/^::ffff:/, '');
  if (isIP(a) === 4) {
    const [x, y] = a.split('.').map(Number) as [number, number];
    return (x === 169 && y === 254) || a === '100.100.100.200';
  }
  return (
    a.startsWith('fe8') ||
    a.startsWith('fe9') ||
    a.startsWith('fea') ||
    a.startsWith('feb') ||
    a === 'fd00:ec2::254'
  );
}

const METADATA_NAMES = new Set([
  'metadata.google.internal',
  'metadata',
  'instance-data',
  'metadata.azure.internal',
]);

export interface TargetGuardOptions {
  /** Hosts of configured services, plus config `probes.allowHosts` (exact or `*.suffix`). */
  allowHosts: readonly string[];
  allowLinkLocal: boolean;
  /** false for the CLI: it probes whatever its user passes (the address check still applies). */
  restrictHosts: boolean;
}

/**
 * SSRF guard for probes started from Slack. Checked for the first URL and every redirect hop by name, and
 * again on the address actually connected to (the undici `connect.lookup` hook), so a DNS name that
 * resolves to a metadata address — or rebinds to one — is refused too.
 */
export function createTargetGuard(opts: TargetGuardOptions, lookup: LookupFn = dnsLookup) {
  const hostAllowed = (host: string) =>
    opts.allowHosts.some((h) => {
      const p = h.toLowerCase();
      return p.startsWith('*.') ? host.endsWith(p.slice(1)) : host === p;
    });
  return {
    assertUrl(url: URL) {
      const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw refused(url, 'only http and https can be probed');
      if (!opts.allowLinkLocal && (METADATA_NAMES.has(host) || (isIP(host) && isLinkLocalOrMetadata(host))))
        throw refused(url, 'link-local / cloud metadata addresses are not probed');
      if (opts.restrictHosts && !hostAllowed(host) && !hostAllowed(`[${host}]`))
        throw refused(url, 'host is not a configured service or on probes.allowHosts');
    },
    /** A dns.lookup replacement that refuses resolved link-local/metadata addresses. */
    lookup: ((hostname: string, options: unknown, callback: (...args: unknown[]) => void) => {
      const cb = typeof options === 'function' ? (options as typeof callback) : callback;
      const o = typeof options === 'object' && options ? options : {};
      lookup(hostname, { ...(o as object), all: true }, (err, addresses) => {
        if (err) return cb(err);
        const list = addresses as unknown as { address: string; family: number }[];
        const bad = !opts.allowLinkLocal && list.find((a) => isLinkLocalOrMetadata(a.address));
        if (bad)
          return cb(
            refused(
              new URL(`http://${hostname}`),
              `${hostname} resolves to ${bad.address} (link-local / metadata)`,
            ),
          );
        if ((o as { all?: boolean }).all) return cb(null, list);
        cb(null, list[0]!.address, list[0]!.family);
      });
    }) as unknown as LookupFn,
  };
}
export type TargetGuard = ReturnType<typeof createTargetGuard>;

const refused = (url: URL, why: string) =>
  new AppError(ErrorCode.PROBE_TARGET_REFUSED, `Refusing to probe ${url.host}: ${why}.`, { host: url.host });

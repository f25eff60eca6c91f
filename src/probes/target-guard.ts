import { lookup as dnsLookup } from 'node:dns';
import { AppError, ErrorCode } from '../errors.js';
import { classifyAddress } from './ip-address.js';

export type LookupFn = typeof dnsLookup;

/** Link-local and cloud metadata addresses, in any spelling (see ip-address.ts). */
export function isLinkLocalOrMetadata(address: string): boolean {
  const kind = classifyAddress(address);
  return kind === 'link-local' || kind === 'metadata';
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
  /** false for the CLI, the certificate job and the watch: their targets come from their user or config. */
  restrictHosts: boolean;
  /** How this entry point allows link-local targets, named in the refusal (`--allow-link-local`). */
  allowHint?: string;
}

/** Host of a URL without brackets or a trailing dot, lower-case: the form every check compares. */
export const bareHost = (host: string): string =>
  host
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');

/**
 * SSRF guard for every outbound probe request. Checked for the first URL and every redirect hop by name
 * and IP literal, and again on the address actually connected to (`lookup` for names, `assertAddress` in
 * the connector for literals and the socket's remote address), so a name that resolves — or rebinds — to a
 * metadata address is refused before a packet is sent to it.
 */
export function createTargetGuard(opts: TargetGuardOptions, lookup: LookupFn = dnsLookup) {
  const hint = opts.allowHint ?? 'probes.allowLinkLocal: true';
  const hostAllowed = (host: string) =>
    opts.allowHosts.some((h) => {
      const p = bareHost(h);
      return p.startsWith('*.') ? host.endsWith(p.slice(1)) : host === p;
    });
  const addressProblem = (address: string): string | undefined => {
    const kind = classifyAddress(address);
    if (kind === 'unspecified') return 'the unspecified address, never a probe target';
    if ((kind === 'link-local' || kind === 'metadata') && !opts.allowLinkLocal)
      return `a link-local / cloud metadata address (to probe it anyway: ${hint})`;
    return undefined;
  };
  const assertAddress = (address: string, host: string) => {
    const a = bareHost(address);
    const problem = addressProblem(a);
    if (problem)
      throw refused(host, host === a ? `${a} is ${problem}` : `${host} resolves to ${a}, ${problem}`);
  };
  const guard = {
    assertUrl(url: URL) {
      const host = bareHost(url.hostname);
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw refused(url.host, 'only http and https can be probed');
      if (!opts.allowLinkLocal && METADATA_NAMES.has(host))
        throw refused(url.host, `${host} is a cloud metadata name (to probe it anyway: ${hint})`);
      if (classifyAddress(host)) assertAddress(host, host);
      if (opts.restrictHosts && !hostAllowed(host))
        throw refused(url.host, 'host is not a configured service or on probes.allowHosts');
    },
    /** Throws when `address` (what `host` resolved to, or the socket's remote address) may not be probed. */
    assertAddress,
    /** A dns.lookup replacement that refuses resolved link-local/metadata/unspecified addresses. */
    lookup: ((hostname: string, options: unknown, callback: (...args: unknown[]) => void) => {
      const cb = typeof options === 'function' ? (options as typeof callback) : callback;
      const o = typeof options === 'object' && options ? options : {};
      lookup(hostname, { ...(o as object), all: true }, (err, addresses) => {
        if (err) return cb(err);
        const list = addresses as unknown as { address: string; family: number }[];
        try {
          for (const a of list) assertAddress(a.address, hostname);
        } catch (e) {
          return cb(e);
        }
        if ((o as { all?: boolean }).all) return cb(null, list);
        cb(null, list[0]?.address, list[0]?.family);
      });
    }) as unknown as LookupFn,
    /**
     * assertUrl plus the addresses its name resolves to, for refusing up front with a clear message. A
     * name that does not resolve is not refused here: the probes report it as unreachable.
     */
    async assertResolved(url: URL): Promise<void> {
      guard.assertUrl(url);
      const host = bareHost(url.hostname);
      if (classifyAddress(host)) return;
      await new Promise<void>((resolve, reject) =>
        guard.lookup(host, { all: true }, (e) =>
          e && (e as { code?: string }).code === ErrorCode.PROBE_TARGET_REFUSED ? reject(e) : resolve(),
        ),
      );
    },
  };
  return guard;
}
export type TargetGuard = ReturnType<typeof createTargetGuard>;

const refused = (host: string, why: string) =>
  new AppError(ErrorCode.PROBE_TARGET_REFUSED, `Refusing to probe ${host}: ${why}.`, { host });

/**
 * The guard without a host allow-list: refuses only link-local/metadata (unless allowed) and unspecified
 * addresses. The CLI's (hint `--allow-link-local`), the certificate job's and the watch's (from config).
 */
export const addressGuard = (allowLinkLocal = false, allowHint?: string): TargetGuard =>
  createTargetGuard({
    allowHosts: [],
    allowLinkLocal,
    restrictHosts: false,
    ...(allowHint ? { allowHint } : {}),
  });

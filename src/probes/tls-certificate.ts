import {
  type ConnectionOptions,
  checkServerIdentity,
  connect,
  type PeerCertificate,
  rootCertificates,
} from 'node:tls';
import type { TargetGuard } from './target-guard.js';
import { type Probe, verdict } from './types.js';

export interface CertificateInfo {
  validTo: string;
  daysLeft: number;
  authorized: boolean;
  authorizationError: string | undefined;
  hostnameMatches: boolean;
  issuer: string;
  subject: string;
  protocol: string | null;
}

export interface CheckCertificateOptions {
  /** Extra CA (PEM) on top of the system roots; NODE_EXTRA_CA_CERTS is applied by Node itself. */
  ca?: string | undefined;
  timeoutMs?: number;
  guard?: TargetGuard | undefined;
  signal?: AbortSignal | undefined;
  now?: () => number;
}

const DAY = 86_400_000;

/**
 * TLS handshake with the host: chain trust, hostname and expiry. The handshake never rejects on a bad
 * certificate (so it is reported, not thrown); it rejects only when no certificate could be read.
 */
export function checkCertificate(
  target: string | URL,
  opts: CheckCertificateOptions = {},
): Promise<CertificateInfo> {
  const url = typeof target === 'string' ? new URL(target) : target;
  opts.guard?.assertUrl(url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const timeoutMs = opts.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const socket = connect({
      host,
      port: Number(url.port || 443),
      // SNI must be a DNS name, never an IP literal (RFC 6066).
      servername: /^[\d.]+$|:/.test(host) ? undefined : host,
      rejectUnauthorized: false,
      ...(opts.ca ? { ca: [...rootCertificates, opts.ca] } : {}),
      ...(opts.guard ? { lookup: opts.guard.lookup } : {}),
    } as ConnectionOptions);
    const stop = () => socket.destroy(new Error('TLS handshake stopped at the suite deadline'));
    const timer = setTimeout(
      () => socket.destroy(new Error(`TLS handshake timed out after ${timeoutMs} ms`)),
      timeoutMs,
    );
    opts.signal?.addEventListener('abort', stop, { once: true });
    const done = () => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', stop);
    };
    socket.once('secureConnect', () => {
      done();
      const cert = socket.getPeerCertificate() as PeerCertificate;
      const validTo = new Date(cert.valid_to);
      const info: CertificateInfo = {
        validTo: validTo.toISOString(),
        daysLeft: Math.floor((validTo.getTime() - (opts.now ?? Date.now)()) / DAY),
        authorized: socket.authorized,
        authorizationError: socket.authorizationError ? String(socket.authorizationError) : undefined,
        hostnameMatches: checkServerIdentity(host, cert) === undefined,
        issuer: cert.issuer?.CN ?? '',
        subject: cert.subject?.CN ?? '',
        protocol: socket.getProtocol(),
      };
      socket.end();
      resolve(info);
    });
    socket.once('error', (e) => {
      done();
      reject(e);
    });
  });
}

export const tlsCertificate: Probe = async ({ url, ca, settings, guard, signal }) => {
  if (url.protocol !== 'https:')
    return verdict(
      'fail',
      'service is not served over https',
      '',
      'Terminate TLS with a trusted certificate.',
    );
  const c = await checkCertificate(url, { ca, timeoutMs: settings.timeoutMs, guard, signal });
  const details = `subject ${c.subject}, issuer ${c.issuer}, expires ${c.validTo} (${c.daysLeft} days), ${c.protocol ?? ''}`;
  if (!c.hostnameMatches)
    return verdict(
      'fail',
      `certificate does not match ${url.hostname}`,
      details,
      'Issue the certificate for this host name.',
    );
  if (!c.authorized)
    return verdict(
      'fail',
      `certificate not trusted (${c.authorizationError})`,
      details,
      'Use a certificate from a trusted CA (e.g. Let’s Encrypt), not a self-signed one; for a private CA set probes.caFile or NODE_EXTRA_CA_CERTS.',
    );
  if (c.daysLeft <= 7)
    return verdict(
      'fail',
      c.daysLeft < 0 ? 'certificate expired' : `certificate expires in ${c.daysLeft} days`,
      details,
      'Renew now and automate renewal (certbot).',
    );
  if (c.daysLeft <= 30)
    return verdict(
      'warn',
      `certificate expires in ${c.daysLeft} days`,
      details,
      'Check that automated renewal works.',
    );
  return verdict('pass', `trusted certificate, ${c.daysLeft} days left`, details);
};

import { checkServerIdentity, type PeerCertificate, type TLSSocket } from 'node:tls';
import { createGuardedConnector } from './guarded-connector.js';
import { addressGuard, bareHost, type TargetGuard } from './target-guard.js';
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
  /** Without one, link-local/metadata/unspecified addresses are still refused (addressGuard). */
  guard?: TargetGuard | undefined;
  signal?: AbortSignal | undefined;
  now?: () => number;
}

const DAY = 86_400_000;

/**
 * TLS handshake with the host through the guarded connector (the same one the HTTP probes use): chain
 * trust, hostname and expiry. A bad certificate is reported, not thrown; it rejects only when no
 * certificate could be read (unreachable, timed out, refused by the guard).
 */
export async function checkCertificate(
  target: string | URL,
  opts: CheckCertificateOptions = {},
): Promise<CertificateInfo> {
  const url = typeof target === 'string' ? new URL(target) : target;
  const guard = opts.guard ?? addressGuard();
  guard.assertUrl(url);
  const host = bareHost(url.hostname);
  const connector = createGuardedConnector({
    guard,
    timeoutMs: opts.timeoutMs ?? 10_000,
    ca: opts.ca,
    rejectUnauthorized: false,
  });
  const stop = () => connector.destroyPending();
  opts.signal?.addEventListener('abort', stop, { once: true });
  try {
    const socket = await new Promise<TLSSocket>((resolve, reject) =>
      connector.connect(
        {
          hostname: url.hostname.replace(/^\[|\]$/g, ''),
          host: url.host,
          protocol: 'https:',
          port: url.port || '443',
        },
        (err, s) => (err || !s ? reject(err ?? new Error('no socket')) : resolve(s as TLSSocket)),
      ),
    );
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
    return info;
  } finally {
    opts.signal?.removeEventListener('abort', stop);
  }
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

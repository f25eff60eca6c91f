import {
  type ConnectionOptions,
  checkServerIdentity,
  connect,
  type PeerCertificate,
  rootCertificates,
} from 'node:tls';
import type { TargetGuard } from './target-guard.js';
import type { Probe } from './types.js';
import { verdict } from './types.js';

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

const DAY = 86_400_000;

/**
 * TLS handshake with the host: chain trust (system roots, NODE_EXTRA_CA_CERTS, optional extra CA), hostname
 * and expiry. Never rejects the handshake itself, so a bad certificate is reported, not thrown.
 */
export function checkCertificate(
  target: string | URL,
  opts: {
    ca?: string | undefined;
    timeoutMs?: number;
    guard?: TargetGuard | undefined;
    now?: () => number;
  } = {},
): Promise<CertificateInfo> {
  const url = typeof target === 'string' ? new URL(target) : target;
  opts.guard?.assertUrl(url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const socket = connect({
      host,
      port: Number(url.port || 443),
      servername: /^[\d.]+$|:/.test(host) ? undefined : host,
      rejectUnauthorized: false,
      ...(opts.ca ? { ca: [...rootCertificates, opts.ca] } : {}),
      ...(opts.guard ? { lookup: opts.guard.lookup } : {}),
    } as ConnectionOptions);
    const timer = setTimeout(
      () => socket.destroy(new Error(`TLS handshake timed out after ${opts.timeoutMs ?? 10_000} ms`)),
      opts.timeoutMs ?? 10_000,
    );
    socket.once('secureConnect', () => {
      clearTimeout(timer);
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
      clearTimeout(timer);
      reject(e);
    });
  });
}

export const tlsCertificate: Probe = async ({ url, ca, settings }) => {
  if (url.protocol !== 'https:')
    return verdict(
      'fail',
      'service is not served over https',
      '',
      'Terminate TLS with a trusted certificate.',
    );
  const c = await checkCertificate(url, { ca, timeoutMs: settings.timeoutMs });
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
      'Use a certificate from a trusted CA (e.g. Let’s Encrypt), not a self-signed one.',
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

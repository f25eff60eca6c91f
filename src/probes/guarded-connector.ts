import type { Socket } from 'node:net';
import { rootCertificates } from 'node:tls';
import { buildConnector } from 'undici';
import { bareHost, type TargetGuard } from './target-guard.js';

export interface GuardedConnectorOptions {
  guard: TargetGuard;
  timeoutMs: number;
  /** Extra CA (PEM) on top of the system roots; NODE_EXTRA_CA_CERTS is applied by Node itself. */
  ca?: string | undefined;
  rejectUnauthorized: boolean;
}

export interface GuardedConnector {
  connect: buildConnector.connector;
  /** Destroys sockets still connecting (TCP or TLS handshake). */
  destroyPending(): void;
}

/**
 * The one way probes open a TCP/TLS connection. The guard sees the address actually connected to: an IP
 * literal before the connect, a name through the guarded lookup (so a refused address is never dialled),
 * and the socket's remote address once connected, before undici writes a byte of the request.
 */
export function createGuardedConnector(opts: GuardedConnectorOptions): GuardedConnector {
  const { guard } = opts;
  // undici's destroy() only reaches connections it has finished setting up, so sockets still connecting
  // would otherwise outlive the suite deadline until their connect timeout.
  const connecting = new Set<Socket>();
  const base = buildConnector({
    timeout: opts.timeoutMs,
    lookup: guard.lookup,
    ...(opts.ca ? { ca: [...rootCertificates, opts.ca] } : {}),
    rejectUnauthorized: opts.rejectUnauthorized,
  }) as unknown as (o: buildConnector.Options, cb: buildConnector.Callback) => Socket | undefined;
  const connect: buildConnector.connector = (o, cb) => {
    const host = bareHost(o.hostname);
    try {
      guard.assertAddress(host, host);
    } catch (e) {
      return cb(e as Error, null);
    }
    // undici 7's connector returns the socket it creates (typed void); without it we only lose the early stop.
    const socket = base(o, (err, s) => {
      if (socket) connecting.delete(socket);
      if (err || !s) return cb(err ?? new Error('no socket'), null);
      try {
        if (s.remoteAddress) guard.assertAddress(s.remoteAddress, host);
      } catch (e) {
        s.destroy();
        return cb(e as Error, null);
      }
      cb(null, s);
    });
    if (socket && !socket.destroyed) connecting.add(socket);
  };
  return {
    connect,
    destroyPending() {
      for (const socket of connecting) socket.destroy();
      connecting.clear();
    },
  };
}

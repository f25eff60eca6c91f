import { createServer, request, type Server } from 'node:http';

/**
 * A load balancer in front of several bot replicas: each request goes to the next backend in turn; a
 * backend that refuses the connection (killed) is skipped for that request, as a real balancer's retry on
 * connect failure does. Bodies are buffered so a retry can resend them.
 */
export async function startRoundRobinProxy(backends: string[]): Promise<{
  url: string;
  /** Requests each backend answered. */
  served: Map<string, number>;
  close(): Promise<void>;
}> {
  let next = 0;
  const served = new Map<string, number>(backends.map((b) => [b, 0]));
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const tryBackend = (attempt: number) => {
        if (attempt >= backends.length) {
          res.writeHead(502).end('no backend answered');
          return;
        }
        const backend = backends[next++ % backends.length]!;
        const target = new URL(req.url ?? '/', backend);
        const out = request(
          target,
          { method: req.method, headers: { ...req.headers, host: target.host }, agent: false },
          (r) => {
            served.set(backend, (served.get(backend) ?? 0) + 1);
            res.writeHead(r.statusCode ?? 502, r.headers);
            r.pipe(res);
          },
        );
        out.on('error', (e: NodeJS.ErrnoException) => {
          // Refused: nothing reached that backend, so another may take the request. Anything later (the
          // backend died mid-request) is a lost answer, reported to the client as such.
          if (e.code === 'ECONNREFUSED' && !res.headersSent) tryBackend(attempt + 1);
          else if (!res.headersSent) res.writeHead(502).end(`backend failed: ${e.code ?? e.message}`);
          else res.destroy();
        });
        out.end(body);
      };
      tryBackend(0);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

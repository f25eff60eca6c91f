import { Agent, request } from 'node:http';

/**
 * An HTTP client with one pooled keep-alive connection, as a load balancer in front of the bot keeps them:
 * every request goes over the same socket as long as the server keeps it open. A request unanswered within
 * `timeoutMs` resolves with status 0 instead of hanging the test.
 */
export function pooledClient(base: string, timeoutMs = 3000) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const sockets = new Set<unknown>();
  const send = (
    path: string,
    o: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
  ): Promise<{ status: number; text: string; error?: string }> =>
    new Promise((resolve) => {
      const req = request(`${base}${path}`, { agent, method: o.method ?? 'GET', headers: o.headers ?? {} });
      const timer = setTimeout(() => {
        req.destroy();
        resolve({ status: 0, text: '', error: 'timeout' });
      }, timeoutMs);
      req.on('socket', (s) => sockets.add(s));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
        });
      });
      req.on('error', (e) => {
        clearTimeout(timer);
        resolve({ status: 0, text: '', error: (e as NodeJS.ErrnoException).code ?? e.message });
      });
      req.end(o.body);
    });
  return {
    send,
    /** Connections the pool opened so far. */
    connections: () => sockets.size,
    close: () => agent.destroy(),
  };
}

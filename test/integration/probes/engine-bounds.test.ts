import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeSettingsSchema } from '../../../src/config.js';
import { createHttpClient } from '../../../src/probes/http.js';
import { runProbes } from '../../../src/probes/runner.js';
import { hugeBody, listen, type Target } from '../../helpers/probe-targets.js';

/** Accepts TCP and never sends a byte: neither HTTP nor a TLS handshake ever completes. */
async function silentServer() {
  const open = new Set<Socket>();
  const server: Server = createServer((s) => {
    open.add(s);
    // Reads and drops what arrives (a paused socket never notices the peer closing), never answers.
    s.resume();
    s.on('error', () => {});
    s.on('close', () => open.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    open,
    close: () =>
      new Promise<void>((r) => {
        for (const s of open) s.destroy();
        server.close(() => r());
      }),
  };
}

describe('engine bounds: slow, silent, huge and looping targets', () => {
  let silent: Awaited<ReturnType<typeof silentServer>>;
  let huge: Target;
  let loop: Target;
  let drip: Target;
  beforeAll(async () => {
    // A byte every 100 ms: each chunk arrives well inside the body timeout, the body never ends.
    drip = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const t = setInterval(() => res.write('.'), 100);
      res.on('close', () => clearInterval(t));
    });
    silent = await silentServer();
    huge = await listen(hugeBody);
    loop = await listen((req, res) => void res.writeHead(302, { location: req.url ?? '/' }).end());
  });
  afterAll(async () => {
    await silent.close();
    await huge.close();
    await loop.close();
    await drip.close();
  });

  it('ends every probe at the suite deadline even when request timeouts are longer, and leaves no socket open', async () => {
    const t = performance.now();
    const r = await runProbes({
      url: `https://127.0.0.1:${silent.port}`,
      settings: probeSettingsSchema.parse({ timeoutMs: 20_000, deadlineMs: 600 }),
      only: ['health', 'tls-certificate', 'latency', 'cors'],
    });
    expect(performance.now() - t).toBeLessThan(2500);
    for (const x of r.results)
      expect(x).toMatchObject({ status: 'fail', summary: 'timed out after 600 ms (suite deadline)' });
    await expect.poll(() => silent.open.size, { timeout: 1000 }).toBe(0);
  });

  it('reads a huge body only up to the cap and stops draining soon after', async () => {
    const controller = new AbortController();
    const http = createHttpClient({ timeoutMs: 5000, signal: controller.signal });
    try {
      const res = await http.request(huge.url, { maxBytes: 64 * 1024 });
      expect(res.truncated).toBe(true);
      expect(res.body.length).toBe(64 * 1024);
      // 200 MiB are on offer; the client gives up after a few multiples of the cap.
      expect(res.bytes).toBeLessThan(2 * 1024 * 1024);
    } finally {
      await http.close();
    }
  });

  it('stops a body that drips forever at the request timeout, not at the suite deadline', async () => {
    const r = await runProbes({
      url: drip.url,
      settings: probeSettingsSchema.parse({ timeoutMs: 500, deadlineMs: 60_000 }),
      only: ['health'],
    });
    expect(r.results[0]).toMatchObject({
      status: 'fail',
      summary: 'timed out after 500 ms (body still arriving)',
    });
  });

  it('fails a health check that redirects in a loop instead of following it forever', async () => {
    const r = await runProbes({ url: loop.url, settings: probeSettingsSchema.parse({}), only: ['health'] });
    expect(r.results[0]).toMatchObject({ status: 'fail' });
    expect(r.results[0]?.summary).toMatch(/redirect loop: still redirecting after 3 hops/);
  });

  it('turns a refused connection into a fail with the reason, not a rejection', async () => {
    const gone = await listen(() => {});
    await gone.close();
    const r = await runProbes({
      url: gone.url,
      settings: probeSettingsSchema.parse({}),
      only: ['health', 'ready'],
    });
    expect(r.summary).toEqual({ pass: 0, warn: 0, fail: 2, skip: 0 });
    expect(r.results[0]?.summary).toMatch(/ECONNREFUSED/);
  });
});

import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** Body bytes read and thrown away after an early answer before the connection is cut instead. */
const DRAIN_MAX_BYTES = 64 * 1024 * 1024;
/** How long the rest of a body may take to arrive after an early answer before the connection is cut. */
const DRAIN_MAX_MS = 10_000;

/**
 * Keeps a keep-alive connection usable after a request answered before its body was read to the end (Bolt's
 * 413 past 4 MiB, a webhook or API body over its limit, a refused signature). Whoever read part of the body
 * paused it, so Node does not discard the rest itself, and the next request on that connection would wait
 * behind unread bytes forever (or, when the socket is closed with them unread, the client gets a reset in
 * place of its answer). The rest of the body is read and dropped, so the connection carries the next
 * request; a body too large or too slow to drain gets the connection closed instead.
 */
export function drainEarlyAnswers(server: Server): void {
  const listeners = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    res.once('finish', () => {
      if (req.complete) return;
      // A reader that destroyed the request left the rest of its body on the socket: the connection is lost.
      if (req.destroyed) return void req.socket.destroy();
      let drained = 0;
      const cut = () => {
        clearTimeout(timer);
        req.socket.destroy();
      };
      const timer = setTimeout(cut, DRAIN_MAX_MS);
      timer.unref?.();
      req.on('data', (c: Buffer) => {
        drained += c.length;
        if (drained > DRAIN_MAX_BYTES) cut();
      });
      req.once('end', () => clearTimeout(timer));
      req.once('close', () => clearTimeout(timer));
      req.resume();
    });
    for (const l of listeners) l(req, res);
  });
}

import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Slack's side of Socket Mode, enough for one bot: `apps.connections.open` hands out a ws:// URL on this
 * server (every other Web API method is forwarded to `webApiUrl`, the fake Web API), the socket says hello,
 * and send() delivers an envelope and resolves with the bot's ack. A minimal RFC 6455 server: text frames,
 * ping → pong, close.
 */
export async function startFakeSocketMode(webApiUrl: string) {
  let socket: Socket | undefined;
  let connected: () => void = () => {};
  const connectedOnce = new Promise<void>((r) => {
    connected = r;
  });
  const acks = new Map<string, (payload: unknown) => void>();
  const frame = (opcode: number, data: Buffer) => {
    const len = data.length;
    const head =
      len < 126 ? Buffer.from([0x80 | opcode, len]) : Buffer.from([0x80 | opcode, 126, len >> 8, len & 0xff]);
    return Buffer.concat([head, data]);
  };
  let pending = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 6) {
      const opcode = pending[0]! & 0x0f;
      let len = pending[1]! & 0x7f;
      let at = 2;
      if (len === 126) {
        len = pending.readUInt16BE(2);
        at = 4;
      }
      if (pending.length < at + 4 + len) return;
      const mask = pending.subarray(at, at + 4);
      const data = Buffer.from(pending.subarray(at + 4, at + 4 + len).map((b, i) => b ^ mask[i % 4]!));
      pending = pending.subarray(at + 4 + len);
      if (opcode === 0x9) socket?.write(frame(0xa, data));
      else if (opcode === 0x8) socket?.end(frame(0x8, Buffer.alloc(0)));
      else if (opcode === 0x1) {
        const msg = JSON.parse(data.toString()) as { envelope_id?: string; payload?: unknown };
        if (msg.envelope_id) acks.get(msg.envelope_id)?.(msg.payload);
      }
    }
  };

  const readBody = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  };
  const server: Server = createServer(async (req, res) => {
    const method = (req.url ?? '').replace(/^\/api\//, '');
    const body = await readBody(req);
    if (method === 'apps.connections.open') {
      const { port } = server.address() as { port: number };
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ ok: true, url: `ws://127.0.0.1:${port}/link` }));
      return;
    }
    const forwarded = await fetch(`${webApiUrl.replace(/\/$/, '')}/${method}`, {
      method: req.method ?? 'POST',
      headers: Object.fromEntries(
        ['content-type', 'authorization'].flatMap((h) =>
          req.headers[h] ? [[h, String(req.headers[h])]] : [],
        ),
      ),
      body,
    });
    res.writeHead(forwarded.status, { 'content-type': 'application/json' }).end(await forwarded.text());
  });
  server.on('upgrade', (req, s: Socket) => {
    const accept = createHash('sha1')
      .update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
      .digest('base64');
    s.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    socket = s;
    s.on('data', onData);
    s.on('error', () => {});
    s.write(frame(0x1, Buffer.from(JSON.stringify({ type: 'hello', num_connections: 1 }))));
    connected();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  let seq = 0;
  return {
    apiUrl: `http://127.0.0.1:${(server.address() as { port: number }).port}/api/`,
    connected: connectedOnce,
    /** Delivers an envelope (slash_commands, interactive…) and resolves with the bot's ack payload. */
    send(type: string, payload: Record<string, unknown>): Promise<unknown> {
      const envelopeId = `env-${++seq}`;
      const acked = new Promise<unknown>((r) => acks.set(envelopeId, r));
      const envelope = { envelope_id: envelopeId, type, payload, accepts_response_payload: true };
      socket?.write(frame(0x1, Buffer.from(JSON.stringify(envelope))));
      return acked;
    },
    close: () =>
      new Promise<void>((r) => {
        socket?.destroy();
        server.close(() => r());
      }),
  };
}

import { createServer, type Server, type Socket } from 'node:net';
import { TLSSocket } from 'node:tls';

const SSL_REQUEST = 80_877_103;

/**
 * A listener that speaks just enough of the Postgres protocol to ask for a password and refuse it the way
 * Postgres does (FATAL 28P01); with `tls`, it accepts TLS as a server with that certificate would. The dev
 * Postgres trusts every local login and has no TLS, so neither a wrong password nor sslmode can be shown
 * against it. `passwords` collects what clients sent (proof the password went out), `encrypted` whether
 * each connection had upgraded to TLS by then.
 */
export async function startPasswordRefusingPostgres(tls?: { key: string; cert: string }): Promise<{
  port: number;
  passwords: string[];
  encrypted: boolean[];
  close(): Promise<void>;
}> {
  const passwords: string[] = [];
  const encrypted: boolean[] = [];
  const sockets = new Set<Socket>();
  const converse = (socket: Socket, secure: boolean) => {
    let buffer = Buffer.alloc(0);
    let started = false;
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!started) {
        // SSLRequest or StartupMessage: length, code or protocol version, parameters; no type byte.
        if (buffer.length < 8 || buffer.length < buffer.readInt32BE(0)) return;
        if (buffer.readInt32BE(4) === SSL_REQUEST) {
          buffer = Buffer.alloc(0);
          if (!tls) {
            socket.write('N');
            return;
          }
          socket.off('data', onData);
          socket.write('S');
          const secured = new TLSSocket(socket, { isServer: true, ...tls });
          secured.on('error', () => undefined);
          converse(secured, true);
          return;
        }
        buffer = buffer.subarray(buffer.readInt32BE(0));
        started = true;
        // AuthenticationCleartextPassword.
        socket.write(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 3]));
      }
      // PasswordMessage: 'p', length, the password and a NUL.
      if (buffer.length < 5 || buffer.length < 1 + buffer.readInt32BE(1)) return;
      passwords.push(buffer.subarray(5, buffer.readInt32BE(1)).toString('utf8').replace(/\0$/, ''));
      encrypted.push(secure);
      const fields = ['SFATAL', 'VFATAL', 'C28P01', 'Mpassword authentication failed for user "deploy"'];
      const body = Buffer.concat([...fields.map((f) => Buffer.from(`${f}\0`)), Buffer.from([0])]);
      const head = Buffer.alloc(5);
      head.write('E', 0);
      head.writeInt32BE(body.length + 4, 1);
      socket.end(Buffer.concat([head, body]));
    };
    socket.on('data', onData);
  };
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    converse(socket, false);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    passwords,
    encrypted,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

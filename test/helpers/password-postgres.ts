import { createServer, type Server } from 'node:net';

/**
 * A listener that speaks just enough of the Postgres protocol to ask for a password and refuse it the way
 * Postgres does (FATAL 28P01). The dev Postgres trusts every local login, so a wrong password cannot be
 * shown against it. `passwords` collects what clients sent (proof the password really went out).
 */
export async function startPasswordRefusingPostgres(): Promise<{
  port: number;
  passwords: string[];
  close(): Promise<void>;
}> {
  const passwords: string[] = [];
  const server: Server = createServer((socket) => {
    let buffer = Buffer.alloc(0);
    let started = false;
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!started) {
        // StartupMessage: length, protocol version, parameters; no type byte.
        if (buffer.length < 4 || buffer.length < buffer.readInt32BE(0)) return;
        buffer = buffer.subarray(buffer.readInt32BE(0));
        started = true;
        // AuthenticationCleartextPassword.
        socket.write(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 3]));
      }
      // PasswordMessage: 'p', length, the password and a NUL.
      if (buffer.length < 5 || buffer.length < 1 + buffer.readInt32BE(1)) return;
      passwords.push(buffer.subarray(5, buffer.readInt32BE(1)).toString('utf8').replace(/\0$/, ''));
      const fields = ['SFATAL', 'VFATAL', 'C28P01', 'Mpassword authentication failed for user "deploy"'];
      const body = Buffer.concat([...fields.map((f) => Buffer.from(`${f}\0`)), Buffer.from([0])]);
      const head = Buffer.alloc(5);
      head.write('E', 0);
      head.writeInt32BE(body.length + 4, 1);
      socket.end(Buffer.concat([head, body]));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    passwords,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

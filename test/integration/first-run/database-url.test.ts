import { createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startPasswordRefusingPostgres } from '../../helpers/password-postgres.js';
import {
  adminQuery,
  createScratchDatabase,
  DEV_POSTGRES_URL,
  onPostgres,
} from '../../helpers/scratch-postgres.js';
import { freePort } from '../../helpers/spawn-bot.js';
import { BOUND_MS, expectOneLine, startExpectingExit } from './failed-start.js';

const PASSWORD = 'Sup3r-secret-pw';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

/**
 * Starts the real entry point with these variables and expects exit 78 and exactly one line, which names the
 * variable and never shows the password. The database's own part of the wait is bounded by
 * DATABASE_CONNECT_TIMEOUT_MS (measured below).
 */
async function failsWith(env: Record<string, string>, pattern: RegExp) {
  const r = await startExpectingExit({ env });
  expect(r.stderr).not.toContain(PASSWORD);
  expectOneLine(r, pattern);
}

const urlWith = (host: string, more = '') => `postgres://deploy:${PASSWORD}@${host}/deploy${more}`;
/** The dev server's URL with the password set, as `edit` changes it. */
const devUrlWith = (edit: (u: URL) => void) => {
  const u = new URL(DEV_POSTGRES_URL);
  u.password = PASSWORD;
  edit(u);
  return u.toString();
};

describe.runIf(onPostgres)(
  'a DATABASE_URL that cannot work ends start-up with exit 78 and one line naming it',
  { timeout: BOUND_MS + 30_000 },
  () => {
    it('refuses a URL that is not Postgres', async () => {
      await failsWith(
        { DATABASE_URL: `mysql://deploy:${PASSWORD}@127.0.0.1/deploy` },
        /^deploy-check: invalid configuration: environment: DATABASE_URL must start with postgres:\/\/ or postgresql:\/\/ \(it starts with mysql:\); unset it/,
      );
    });

    it('says when Postgres refuses the password, without printing it', async () => {
      const server = await startPasswordRefusingPostgres();
      cleanup.push(() => server.close());
      await failsWith(
        { DATABASE_URL: urlWith(`127.0.0.1:${server.port}`) },
        new RegExp(
          `^deploy-check: DATABASE_URL was rejected by Postgres at 127\\.0\\.0\\.1:${server.port}: password authentication failed for user "deploy" \\(28P01\\); set the right password in DATABASE_URL\\.$`,
        ),
      );
      expect(server.passwords).toContain(PASSWORD);
    });

    it('says when the real server refuses the login (a role that does not exist)', async () => {
      await failsWith(
        { DATABASE_URL: urlWith(new URL(DEV_POSTGRES_URL).host) },
        /^deploy-check: DATABASE_URL was rejected by Postgres at 127\.0\.0\.1:\d+: role "deploy" does not exist \(28000\); check the user in DATABASE_URL/,
      );
    });

    it('says when the database does not exist on the server', async () => {
      await failsWith(
        {
          DATABASE_URL: devUrlWith((u) => {
            u.pathname = '/no_such_database_here';
          }),
        },
        /^deploy-check: DATABASE_URL names a database that does not exist at 127\.0\.0\.1:\d+: database "no_such_database_here" does not exist; create it/,
      );
    });

    it('says when the user may not create the tables (Postgres 15: no CREATE for other roles)', async () => {
      const db = await createScratchDatabase('dc_boot_nocreate');
      cleanup.push(() => db.drop());
      const role = `dc_boot_${Date.now().toString(36)}`;
      await adminQuery(`create role ${role} login`);
      cleanup.push(() => adminQuery(`drop role if exists ${role}`));
      const url = new URL(db.url);
      url.username = role;
      url.password = PASSWORD;
      await failsWith(
        { DATABASE_URL: url.toString() },
        new RegExp(
          `^deploy-check: the user in DATABASE_URL may not create deploy-check's tables at 127\\.0\\.0\\.1:\\d+: permission denied for database ${url.pathname.slice(1)} \\(42501\\); grant it CREATE`,
        ),
      );
    });

    it('says when nothing listens at the port', async () => {
      const port = await freePort();
      await failsWith(
        { DATABASE_URL: urlWith(`127.0.0.1:${port}`) },
        new RegExp(
          `^deploy-check: cannot reach Postgres at 127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\): nothing listens there; check the host and port in DATABASE_URL\\.$`,
        ),
      );
    });

    it('says when the server accepts the connection but never answers, within DATABASE_CONNECT_TIMEOUT_MS', async () => {
      const sockets: Socket[] = [];
      const silent = createServer((s) => sockets.push(s));
      await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
      cleanup.push(() => {
        for (const s of sockets) s.destroy();
        return new Promise((r) => silent.close(r));
      });
      const port = (silent.address() as { port: number }).port;
      await failsWith(
        { DATABASE_URL: urlWith(`127.0.0.1:${port}`), DATABASE_CONNECT_TIMEOUT_MS: '1000' },
        new RegExp(
          `^deploy-check: no answer from Postgres at 127\\.0\\.0\\.1:${port} within DATABASE_CONNECT_TIMEOUT_MS \\(1000 ms\\); check the host and port`,
        ),
      );
      expect(sockets.length).toBeGreaterThan(0);
    });

    it('says when the host name does not resolve', async () => {
      await failsWith(
        { DATABASE_URL: urlWith('no-such-host.invalid') },
        /^deploy-check: cannot resolve the host of DATABASE_URL \(no-such-host\.invalid:5432, (ENOTFOUND|EAI_AGAIN)\); check the host name\.$/,
      );
    });

    it('says when TLS cannot be set up (sslmode=require, a server without TLS)', async () => {
      await failsWith(
        { DATABASE_URL: devUrlWith((u) => u.searchParams.set('sslmode', 'require')) },
        /^deploy-check: TLS to Postgres at 127\.0\.0\.1:\d+ failed: The server does not support SSL connections; check sslmode in DATABASE_URL/,
      );
    });

    it('names DATABASE_CA_FILE when the CA file cannot be read', async () => {
      await failsWith(
        {
          DATABASE_URL: urlWith('127.0.0.1', '?sslmode=verify-full'),
          DATABASE_CA_FILE: '/nonexistent/ca.pem',
        },
        /^deploy-check: invalid configuration: environment: DATABASE_CA_FILE: cannot read \/nonexistent\/ca\.pem \(ENOENT\)$/,
      );
    });
  },
);

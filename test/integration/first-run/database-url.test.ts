import { rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeSlack } from '../../../src/sandbox/slack-web-api.js';
import { startPasswordRefusingPostgres } from '../../helpers/password-postgres.js';
import {
  adminQuery,
  createScratchDatabase,
  DEV_POSTGRES_URL,
  onPostgres,
} from '../../helpers/scratch-postgres.js';
import { BOT_TOKEN } from '../../helpers/slack-harness.js';
import { freePort, spawnBot } from '../../helpers/spawn-bot.js';

// A bound on a process that must end, not a timing goal: a tsx start on a loaded 2-core machine takes well
// over 10 s by itself. The database's own part is bounded by DATABASE_CONNECT_TIMEOUT_MS (measured below).
const BOUND_MS = 90_000;
const PASSWORD = 'Sup3r-secret-pw';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

/** Starts the real entry point with these variables and waits for it to end. */
async function startWith(env: Record<string, string>) {
  const fake = await startFakeSlack({ token: BOT_TOKEN });
  cleanup.push(() => fake.close());
  const bot = await spawnBot({ apiUrl: fake.apiUrl, env, waitReady: false });
  cleanup.push(() => rmSync(bot.dir, { recursive: true, force: true }));
  let timer: NodeJS.Timeout | undefined;
  const code = await Promise.race([
    bot.exited,
    new Promise<'still running'>((r) => {
      timer = setTimeout(() => r('still running'), BOUND_MS);
    }),
  ]);
  clearTimeout(timer);
  if (code === 'still running') bot.child.kill('SIGKILL');
  return { code, stderr: bot.stderr(), dbFile: join(bot.dir, 'db.sqlite') };
}

/** Exit 78 and exactly one line, which names the variable and never shows the password. */
function expectOneLine(r: { code: unknown; stderr: string }, pattern: RegExp) {
  expect(r.stderr).not.toContain(PASSWORD);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toEqual([expect.stringMatching(pattern)]);
  expect(r.code).toBe(78);
}

const urlWith = (host: string, more = '') => `postgres://deploy:${PASSWORD}@${host}/deploy${more}`;

describe.runIf(onPostgres)(
  'a DATABASE_URL that cannot work ends start-up with exit 78 and one line naming it',
  () => {
    it(
      'refuses a URL that is not Postgres',
      async () => {
        const r = await startWith({ DATABASE_URL: `mysql://deploy:${PASSWORD}@127.0.0.1/deploy` });
        expectOneLine(
          r,
          /^deploy-check: invalid configuration: environment: DATABASE_URL must start with postgres:\/\/ or postgresql:\/\/ \(it starts with mysql:\); unset it/,
        );
      },
      BOUND_MS + 30_000,
    );

    it(
      'says when Postgres refuses the password, without printing it',
      async () => {
        const server = await startPasswordRefusingPostgres();
        cleanup.push(() => server.close());
        const r = await startWith({ DATABASE_URL: urlWith(`127.0.0.1:${server.port}`) });
        expect(server.passwords).toContain(PASSWORD);
        expectOneLine(
          r,
          new RegExp(
            `^deploy-check: DATABASE_URL was rejected by Postgres at 127\\.0\\.0\\.1:${server.port}: password authentication failed for user "deploy" \\(28P01\\); set the right password in DATABASE_URL\\.$`,
          ),
        );
      },
      BOUND_MS + 30_000,
    );

    it(
      'says when the real server refuses the login (a role that does not exist)',
      async () => {
        const dev = new URL(DEV_POSTGRES_URL);
        const r = await startWith({ DATABASE_URL: urlWith(dev.host) });
        expectOneLine(
          r,
          /^deploy-check: DATABASE_URL was rejected by Postgres at 127\.0\.0\.1:\d+: role "deploy" does not exist \(28000\); check the user in DATABASE_URL/,
        );
      },
      BOUND_MS + 30_000,
    );

    it(
      'says when the database does not exist on the server',
      async () => {
        const dev = new URL(DEV_POSTGRES_URL);
        dev.password = PASSWORD;
        dev.pathname = '/no_such_database_here';
        const r = await startWith({ DATABASE_URL: dev.toString() });
        expectOneLine(
          r,
          /^deploy-check: DATABASE_URL names a database that does not exist at 127\.0\.0\.1:\d+: database "no_such_database_here" does not exist; create it/,
        );
      },
      BOUND_MS + 30_000,
    );

    it(
      'says when the user may not create the tables (Postgres 15: no CREATE for other roles)',
      async () => {
        const db = await createScratchDatabase('dc_boot_nocreate');
        cleanup.push(() => db.drop());
        const role = `dc_boot_${Date.now().toString(36)}`;
        await adminQuery(`create role ${role} login`);
        cleanup.push(() => adminQuery(`drop role if exists ${role}`));
        const url = new URL(db.url);
        url.username = role;
        url.password = PASSWORD;
        const r = await startWith({ DATABASE_URL: url.toString() });
        expectOneLine(
          r,
          new RegExp(
            `^deploy-check: the user in DATABASE_URL may not create deploy-check's tables at 127\\.0\\.0\\.1:\\d+: permission denied for database ${url.pathname.slice(1)} \\(42501\\); grant it CREATE`,
          ),
        );
      },
      BOUND_MS + 30_000,
    );

    it(
      'says when nothing listens at the port',
      async () => {
        const port = await freePort();
        const r = await startWith({ DATABASE_URL: urlWith(`127.0.0.1:${port}`) });
        expectOneLine(
          r,
          new RegExp(
            `^deploy-check: cannot reach Postgres at 127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\): nothing listens there; check the host and port in DATABASE_URL\\.$`,
          ),
        );
      },
      BOUND_MS + 30_000,
    );

    it(
      'says when the server accepts the connection but never answers, within DATABASE_CONNECT_TIMEOUT_MS',
      async () => {
        const sockets: Socket[] = [];
        const silent = createServer((s) => sockets.push(s));
        await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
        cleanup.push(() => {
          for (const s of sockets) s.destroy();
          return new Promise((r) => silent.close(r));
        });
        const port = (silent.address() as { port: number }).port;
        const r = await startWith({
          DATABASE_URL: urlWith(`127.0.0.1:${port}`),
          DATABASE_CONNECT_TIMEOUT_MS: '1000',
        });
        expect(sockets.length).toBeGreaterThan(0);
        expectOneLine(
          r,
          new RegExp(
            `^deploy-check: no answer from Postgres at 127\\.0\\.0\\.1:${port} within DATABASE_CONNECT_TIMEOUT_MS \\(1000 ms\\); check the host and port`,
          ),
        );
      },
      BOUND_MS + 30_000,
    );

    it(
      'says when the host name does not resolve',
      async () => {
        const r = await startWith({ DATABASE_URL: urlWith('no-such-host.invalid') });
        expectOneLine(
          r,
          /^deploy-check: cannot resolve the host of DATABASE_URL \(no-such-host\.invalid:5432, (ENOTFOUND|EAI_AGAIN)\); check the host name\.$/,
        );
      },
      BOUND_MS + 30_000,
    );

    it(
      'says when TLS cannot be set up (sslmode=require, a server without TLS)',
      async () => {
        const dev = new URL(DEV_POSTGRES_URL);
        dev.password = PASSWORD;
        dev.searchParams.set('sslmode', 'require');
        const r = await startWith({ DATABASE_URL: dev.toString() });
        expectOneLine(
          r,
          /^deploy-check: TLS to Postgres at 127\.0\.0\.1:\d+ failed: The server does not support SSL connections; check sslmode in DATABASE_URL/,
        );
      },
      BOUND_MS + 30_000,
    );

    it(
      'names DATABASE_CA_FILE when the CA file cannot be read',
      async () => {
        const r = await startWith({
          DATABASE_URL: urlWith('127.0.0.1', '?sslmode=verify-full'),
          DATABASE_CA_FILE: '/nonexistent/ca.pem',
        });
        expectOneLine(
          r,
          /^deploy-check: invalid configuration: environment: DATABASE_CA_FILE: cannot read \/nonexistent\/ca\.pem \(ENOENT\)$/,
        );
      },
      BOUND_MS + 30_000,
    );
  },
);

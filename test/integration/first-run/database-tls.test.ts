import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/client.js';
import { databaseTarget } from '../../../src/db/database-target.js';
import { describePostgresFailure } from '../../../src/startup-error.js';
import { startPasswordRefusingPostgres } from '../../helpers/password-postgres.js';
import { makeTlsFixtures, type Pem, type TlsFixtures } from '../../helpers/tls-fixtures.js';

// sslmode in DATABASE_URL, through the real driver, against a server that offers TLS with a given
// certificate and then refuses the password: reaching the password step means TLS was accepted.
const PASSWORD = 'Tls-secret-pw';
const REFUSED =
  /^DATABASE_URL was rejected by Postgres at (127\.0\.0\.1|localhost):\d+: password authentication failed/;
const TLS_FAILED =
  /^TLS to Postgres at (127\.0\.0\.1|localhost):\d+ failed: .+; check sslmode in DATABASE_URL/;

let fx: TlsFixtures;
let dir: string;
let caFile: string;
const servers: { close(): Promise<void> }[] = [];
beforeAll(() => {
  fx = makeTlsFixtures();
  dir = mkdtempSync(join(tmpdir(), 'deploy-check-dbtls-'));
  caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, fx.ca);
}, 60_000);
afterAll(async () => {
  for (const s of servers) await s.close();
  fx?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** What start-up would say for this certificate, host and query string (and DATABASE_CA_FILE). */
async function connect(pem: Pem | undefined, host: string, query: string, ca?: string) {
  const server = await startPasswordRefusingPostgres(pem);
  servers.push(server);
  const target = databaseTarget({
    url: `postgres://deploy:${PASSWORD}@${host}:${server.port}/deploy${query}`,
    path: 'unused',
    poolSize: 1,
    statementTimeoutMs: 5000,
    connectTimeoutMs: 5000,
    caFile: ca,
  });
  if (target.kind !== 'postgres') throw new Error('expected postgres');
  const error = await openDatabase(target).then(
    async (h) => {
      await h.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  const line = describePostgresFailure(error, target).line;
  expect(line).not.toContain(PASSWORD);
  return { line, encrypted: server.encrypted };
}

describe('sslmode', () => {
  it('require: encrypts and accepts any certificate', async () => {
    const r = await connect(fx.selfSigned, '127.0.0.1', '?sslmode=require');
    expect(r.line).toMatch(REFUSED);
    expect(r.encrypted).toEqual([true]);
  });

  it('no-verify: the same, by its node-postgres name', async () => {
    expect((await connect(fx.wrongHost, '127.0.0.1', '?sslmode=no-verify')).encrypted).toEqual([true]);
  });

  it('disable: plain, never asks for TLS', async () => {
    const r = await connect(fx.valid, '127.0.0.1', '?sslmode=disable');
    expect(r.line).toMatch(REFUSED);
    expect(r.encrypted).toEqual([false]);
  });

  it('verify-full: refuses a certificate from a CA it was not given', async () => {
    expect((await connect(fx.valid, '127.0.0.1', '?sslmode=verify-full')).line).toMatch(TLS_FAILED);
  });

  it('verify-full: accepts the CA from DATABASE_CA_FILE or sslrootcert, for the right host only', async () => {
    expect((await connect(fx.valid, 'localhost', '?sslmode=verify-full', caFile)).encrypted).toEqual([true]);
    expect(
      (await connect(fx.valid, '127.0.0.1', `?sslmode=verify-full&sslrootcert=${caFile}`)).encrypted,
    ).toEqual([true]);
    const wrong = await connect(fx.wrongHost, '127.0.0.1', '?sslmode=verify-full', caFile);
    expect(wrong.line).toMatch(TLS_FAILED);
    expect(wrong.line).toMatch(/other\.example|altnames/);
  });

  it('verify-ca: checks the CA but not the host name', async () => {
    expect((await connect(fx.wrongHost, '127.0.0.1', '?sslmode=verify-ca', caFile)).encrypted).toEqual([
      true,
    ]);
    expect((await connect(fx.selfSigned, '127.0.0.1', '?sslmode=verify-ca', caFile)).line).toMatch(
      TLS_FAILED,
    );
  });

  it('require with a CA given checks the CA, as libpq does', async () => {
    expect((await connect(fx.selfSigned, '127.0.0.1', '?sslmode=require', caFile)).line).toMatch(TLS_FAILED);
  });
});

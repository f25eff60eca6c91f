import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type DatabaseSettings,
  databaseAddress,
  databaseTarget,
  describeDatabase,
  maskDatabaseUrl,
  scrubDatabasePassword,
} from '../../../src/db/database-target.js';

const dir = mkdtempSync(join(tmpdir(), 'deploy-check-dbtarget-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const caFile = join(dir, 'ca.pem');
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
writeFileSync(caFile, PEM);

const settings = (url: string | undefined, more: Partial<DatabaseSettings> = {}): DatabaseSettings => ({
  url,
  path: './data/deploy-check.sqlite',
  poolSize: 10,
  statementTimeoutMs: 5000,
  connectTimeoutMs: 5000,
  caFile: undefined,
  ...more,
});
const ssl = (url: string, more: Partial<DatabaseSettings> = {}) => {
  const t = databaseTarget(settings(url, more));
  if (t.kind !== 'postgres') throw new Error('expected postgres');
  return t.ssl;
};
/** The message databaseTarget throws for these settings ('' when it does not throw). */
const failure = (url: string, more: Partial<DatabaseSettings> = {}) => {
  try {
    databaseTarget(settings(url, more));
    return '';
  } catch (e) {
    return (e as Error).message;
  }
};

describe('databaseTarget', () => {
  it('is the SQLite file at DATABASE_PATH without a DATABASE_URL', () => {
    expect(databaseTarget(settings(undefined))).toEqual({
      kind: 'sqlite',
      path: './data/deploy-check.sqlite',
    });
  });

  it('accepts postgres:// and postgresql:// and carries the pool settings', () => {
    for (const url of ['postgres://u:p@db/deploy', 'postgresql://u:p@db:6432/deploy'])
      expect(databaseTarget(settings(url, { poolSize: 3 }))).toEqual({
        kind: 'postgres',
        url,
        poolSize: 3,
        statementTimeoutMs: 5000,
        connectTimeoutMs: 5000,
      });
  });

  it('names DATABASE_URL for another scheme or text that is no URL, masking the password', () => {
    expect(failure('mysql://root:s3cret-pw@db/deploy')).toMatch(
      /^environment: DATABASE_URL must start with postgres:\/\/ or postgresql:\/\/ \(it starts with mysql:\)/,
    );
    // Text that is no URL cannot be masked reliably: it is not shown at all.
    expect(failure('host=db user=root password=s3cret-pw')).toBe(
      'environment: DATABASE_URL is not a URL; expected postgres://user:password@host:5432/database',
    );
    expect(failure('postgres://root:s3cret-pw@[db/deploy')).toMatch(
      /^environment: DATABASE_URL is not a URL;/,
    );
    expect(failure('mysql://root:s3cret-pw@db/deploy')).not.toContain('s3cret-pw');
  });

  it('leaves TLS to node-postgres when the URL names no sslmode and no CA is given', () => {
    expect(ssl('postgres://db/deploy')).toBeUndefined();
  });

  it('maps each sslmode onto node-postgres TLS options', () => {
    expect(ssl('postgres://db/d?sslmode=disable')).toBe(false);
    expect(ssl('postgres://db/d?sslmode=no-verify')).toEqual({ rejectUnauthorized: false });
    // require: encrypted, the certificate unchecked.
    expect(ssl('postgres://db/d?sslmode=require')).toEqual({ rejectUnauthorized: false });
    // verify-full: Node's trusted CAs and the host name.
    expect(ssl('postgres://db/d?sslmode=verify-full')).toEqual({ rejectUnauthorized: true });
    const verifyCa = ssl('postgres://db/d?sslmode=verify-ca') as { checkServerIdentity: () => unknown };
    expect(verifyCa).toMatchObject({ rejectUnauthorized: true });
    // verify-ca: any host name is accepted once the chain checks out.
    expect(verifyCa.checkServerIdentity()).toBeUndefined();
  });

  it('reads the CA from sslrootcert in the URL, else DATABASE_CA_FILE', () => {
    expect(ssl(`postgres://db/d?sslmode=verify-full&sslrootcert=${caFile}`)).toEqual({
      rejectUnauthorized: true,
      ca: PEM,
    });
    expect(ssl('postgres://db/d?sslmode=verify-full', { caFile })).toEqual({
      rejectUnauthorized: true,
      ca: PEM,
    });
    // A CA given without a mode asks for verification; with require, libpq checks the CA too.
    expect(ssl('postgres://db/d', { caFile })).toEqual({ rejectUnauthorized: true, ca: PEM });
    expect(ssl('postgres://db/d?sslmode=require', { caFile })).toMatchObject({
      rejectUnauthorized: true,
      ca: PEM,
    });
    expect(ssl('postgres://db/d?sslrootcert=system')).toEqual({ rejectUnauthorized: true });
  });

  it('names the CA file it cannot read and the variable that gave it', () => {
    const missing = join(dir, 'nope.pem');
    expect(failure(`postgres://db/d?sslmode=verify-full&sslrootcert=${missing}`)).toBe(
      `environment: DATABASE_URL sslrootcert: cannot read ${missing} (ENOENT)`,
    );
    expect(failure('postgres://db/d?sslmode=verify-full', { caFile: missing })).toBe(
      `environment: DATABASE_CA_FILE: cannot read ${missing} (ENOENT)`,
    );
  });

  it('refuses what node-postgres cannot honour instead of silently dropping it', () => {
    expect(failure('postgres://db/d?sslmode=prefer')).toMatch(
      /DATABASE_URL: sslmode=prefer is not supported; use one of disable, no-verify, require, verify-ca, verify-full/,
    );
    expect(failure('postgres://db/d?sslmode=bogus')).toMatch(/sslmode=bogus is not supported/);
    expect(failure('postgres://db/d?sslcert=/c.pem&sslkey=/k.pem')).toMatch(/sslcert is not supported/);
  });

  it('reads the older ssl=true|false', () => {
    expect(ssl('postgres://db/d?ssl=true')).toEqual({ rejectUnauthorized: true });
    expect(ssl('postgres://db/d?ssl=false')).toBe(false);
  });
});

describe('password masking', () => {
  it('masks the password in a URL, and leaves a URL without one alone', () => {
    expect(maskDatabaseUrl('postgres://deploy:s3cret@db:5432/deploy?sslmode=require')).toBe(
      'postgres://deploy:***@db:5432/deploy?sslmode=require',
    );
    expect(maskDatabaseUrl('postgres://db/deploy')).toBe('postgres://db/deploy');
    expect(maskDatabaseUrl('postgres://deploy:s3cr%40t@db/deploy')).not.toContain('s3cr');
    expect(maskDatabaseUrl('postgres://deploy:s3cret@[db/deploy')).toBe('(a value that is not a URL)');
  });

  it('describes a target by its masked URL or its file', () => {
    expect(
      describeDatabase({
        kind: 'postgres',
        url: 'postgres://deploy:s3cret@db/deploy',
        poolSize: 1,
        statementTimeoutMs: 1,
        connectTimeoutMs: 1,
      }),
    ).toBe('postgres://deploy:***@db/deploy');
    expect(describeDatabase({ kind: 'sqlite', path: 'x.sqlite' })).toBe('x.sqlite');
  });

  it('scrubs the password, raw or percent-encoded, from any text', () => {
    const url = 'postgres://deploy:p%40ss-w0rd@db/deploy';
    expect(scrubDatabasePassword('failed: p@ss-w0rd and p%40ss-w0rd', url)).toBe('failed: *** and ***');
    expect(scrubDatabasePassword('unchanged', 'postgres://db/deploy')).toBe('unchanged');
  });

  it('names the address to reach, with the default port', () => {
    expect(databaseAddress('postgres://u:p@db.internal/deploy')).toBe('db.internal:5432');
    expect(databaseAddress('postgres://u:p@127.0.0.1:6543/deploy')).toBe('127.0.0.1:6543');
  });
});

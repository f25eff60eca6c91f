import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import { AppError, ErrorCode } from '../errors.js';
import type { DatabaseTarget } from './client.js';

/** The database variables, already checked for type and range by the config schema. */
export interface DatabaseSettings {
  readonly url: string | undefined;
  readonly path: string;
  readonly poolSize: number;
  readonly statementTimeoutMs: number;
  readonly connectTimeoutMs: number;
  /** DATABASE_CA_FILE: the CA that signed the server's certificate, when the URL names none. */
  readonly caFile: string | undefined;
}

const SSL_MODES = ['disable', 'no-verify', 'require', 'verify-ca', 'verify-full'] as const;
type SslMode = (typeof SSL_MODES)[number];

/** Client certificates and libpq's fallback modes, which node-postgres cannot honour: refused, not dropped. */
const UNSUPPORTED_PARAMS = ['sslcert', 'sslkey', 'sslcrl', 'sslpassword'];

export type PostgresTarget = Extract<DatabaseTarget, { kind: 'postgres' }>;

const invalid = (message: string) => new AppError(ErrorCode.CONFIG_INVALID, message);

/**
 * Where the bot keeps its data: Postgres when DATABASE_URL is set (several replicas can share it), else the
 * SQLite file at DATABASE_PATH.
 */
export function databaseTarget(s: DatabaseSettings): DatabaseTarget {
  if (s.url === undefined) return { kind: 'sqlite', path: s.path };
  try {
    return postgresTarget(s.url, s);
  } catch (e) {
    throw invalid(`environment: ${(e as Error).message}`);
  }
}

/**
 * A Postgres URL checked and turned into pool options; `name` is what messages call it (the variable or the
 * CLI flag it came from). Every message shows the URL's password masked, or not the text at all.
 */
export function postgresTarget(
  text: string,
  s: Omit<DatabaseSettings, 'url' | 'path'>,
  name = 'DATABASE_URL',
): PostgresTarget {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // Not echoed: text that is no URL cannot be masked reliably (`host=db password=…`).
    throw invalid(`${name} is not a URL; expected postgres://user:password@host:5432/database`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')
    throw invalid(
      `${name} must start with postgres:// or postgresql:// (it starts with ${url.protocol})` +
        (name === 'DATABASE_URL' ? '; unset it to use the SQLite file at DATABASE_PATH' : ''),
    );
  for (const p of UNSUPPORTED_PARAMS)
    if (url.searchParams.has(p)) throw invalid(`${name}: ${p} is not supported; remove it from the URL`);
  const mode = sslModeOf(url, name);
  const ca = caOf(url, s.caFile, name);
  const ssl = tlsOptions(mode, ca);
  return {
    kind: 'postgres',
    url: text,
    poolSize: s.poolSize,
    statementTimeoutMs: s.statementTimeoutMs,
    connectTimeoutMs: s.connectTimeoutMs,
    ...(ssl !== undefined ? { ssl } : {}),
  };
}

/** `sslmode` from the URL (or the older `ssl=true|false`); undefined leaves TLS to node-postgres's default. */
function sslModeOf(url: URL, name: string): SslMode | undefined {
  const mode = url.searchParams.get('sslmode');
  if (mode === null) {
    const ssl = url.searchParams.get('ssl');
    if (ssl === null) return undefined;
    if (ssl === 'true' || ssl === '1') return 'verify-full';
    if (ssl === 'false' || ssl === '0') return 'disable';
    throw invalid(`${name}: ssl=${ssl} is not true or false; use sslmode=${SSL_MODES.join('|')}`);
  }
  if ((SSL_MODES as readonly string[]).includes(mode)) return mode as SslMode;
  throw invalid(
    `${name}: sslmode=${mode} is not supported; use one of ${SSL_MODES.join(', ')}` +
      (mode === 'prefer' || mode === 'allow'
        ? ' (node-postgres cannot fall back between TLS and plain)'
        : ''),
  );
}

/** The CA certificate(s) to trust: `sslrootcert` in the URL, else DATABASE_CA_FILE. `system`: Node's own store. */
function caOf(url: URL, caFile: string | undefined, name: string): { pem: string } | 'system' | undefined {
  const fromUrl = url.searchParams.get('sslrootcert');
  if (fromUrl === 'system') return 'system';
  const [file, source] = fromUrl !== null ? [fromUrl, `${name} sslrootcert`] : [caFile, 'DATABASE_CA_FILE'];
  if (file === undefined) return undefined;
  try {
    return { pem: readFileSync(resolve(file), 'utf8') };
  } catch (e) {
    throw invalid(`${source}: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

/**
 * node's TLS options for a mode, as node-postgres applies them: `require` encrypts without checking the
 * certificate (unless a CA is given, then it checks the CA as libpq does), `verify-ca` checks the CA only,
 * `verify-full` the CA and the host name. A CA without a mode means verify-full: giving one asks for checks.
 */
function tlsOptions(
  mode: SslMode | undefined,
  ca: { pem: string } | 'system' | undefined,
): false | ConnectionOptions | undefined {
  const trust = typeof ca === 'object' ? { ca: ca.pem } : {};
  switch (mode ?? (ca !== undefined ? 'verify-full' : undefined)) {
    case undefined:
      return undefined;
    case 'disable':
      return false;
    case 'no-verify':
      return { rejectUnauthorized: false };
    case 'require':
      return typeof ca === 'object' ? verifyCaOnly(trust) : { rejectUnauthorized: false };
    case 'verify-ca':
      return verifyCaOnly(trust);
    default:
      return { rejectUnauthorized: true, ...trust };
  }
}

const verifyCaOnly = (trust: { ca?: string }): ConnectionOptions => ({
  rejectUnauthorized: true,
  ...trust,
  checkServerIdentity: () => undefined,
});

/** The URL with its password replaced by ***; text that is no URL is not shown at all. */
export function maskDatabaseUrl(text: string): string {
  try {
    const u = new URL(text);
    if (u.password === '') return text;
    u.password = '***';
    return u.toString();
  } catch {
    return '(a value that is not a URL)';
  }
}

/** The password in a database URL (decoded), so a message that happens to carry it can be scrubbed. */
export function databasePassword(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    const p = new URL(text).password;
    return p === '' ? undefined : decodeURIComponent(p);
  } catch {
    return undefined;
  }
}

/** Replaces every occurrence of the URL's password (raw and percent-encoded) in `text` with ***. */
export function scrubDatabasePassword(text: string, url: string | undefined): string {
  const password = databasePassword(url);
  if (password === undefined) return text;
  let out = text;
  for (const form of new Set([password, encodeURIComponent(password)])) out = out.split(form).join('***');
  return out;
}

/** How logs and messages name the database: the masked URL, or the SQLite file. */
export const describeDatabase = (target: DatabaseTarget): string =>
  target.kind === 'postgres' ? maskDatabaseUrl(target.url) : target.path;

/** `host:port` of a Postgres URL, for messages about reaching it (the default port when none is given). */
export function databaseAddress(url: string): string {
  try {
    const u = new URL(url);
    const host = u.searchParams.get('host') ?? (u.hostname || 'localhost');
    return `${host}:${u.searchParams.get('port') ?? (u.port || '5432')}`;
  } catch {
    return 'the database server';
  }
}

import { resolve } from 'node:path';
import type { Config } from './config.js';
import type { DatabaseTarget } from './db/client.js';
import { databaseAddress, maskDatabaseUrl, scrubDatabasePassword } from './db/database-target.js';
import { isAppError } from './errors.js';
import { scrubSecrets } from './logger.js';

/** sysexits EX_CONFIG: the operator must change configuration (environment, config file, tokens). */
export const EXIT_CONFIG = 78;

/** A start-up step failed; `variable` names what the operator should look at. */
export class StartupStepError extends Error {
  constructor(
    readonly variable: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN' | 'PORT' | 'DATABASE_URL' | 'DATABASE_PATH',
    readonly original: unknown,
  ) {
    super(original instanceof Error ? original.message : String(original));
    this.name = 'StartupStepError';
  }
}

const REJECTED_TOKEN = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'not_allowed_token_type',
]);

/**
 * The innermost message along the cause chain, first line only ("fetch failed" says less than "bad port";
 * drizzle's "Failed query: … params: …" wraps the database's own message and lists the statement's values).
 */
export function rootMessage(e: unknown): string {
  let cur: unknown = e;
  let message = e instanceof Error ? e.message : String(e);
  for (let i = 0; i < 6 && cur && typeof cur === 'object'; i++) {
    if (cur instanceof Error && cur.message) message = cur.message;
    const next = cur as { original?: unknown; cause?: unknown };
    cur = next.original ?? next.cause;
  }
  return message.split('\n')[0] ?? message;
}

/** The first errno-style code (ECONNREFUSED, EADDRINUSE…) along the error's cause chain. */
function errnoCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 6 && cur && typeof cur === 'object'; i++) {
    const c = (cur as { code?: unknown }).code;
    if (typeof c === 'string' && /^E[A-Z]+$/.test(c)) return c;
    const next = cur as { original?: unknown; cause?: unknown; errors?: unknown[] };
    cur = next.original ?? next.cause ?? next.errors?.[0];
  }
  return undefined;
}

const slackApiCode = (e: unknown) => (e as { data?: { error?: unknown } } | undefined)?.data?.error;

/** SQLite's answers to a file it cannot use (better-sqlite3 sets them as `code`). */
const SQLITE_FILE_CODES = new Set(['SQLITE_CANTOPEN', 'SQLITE_NOTADB', 'SQLITE_READONLY', 'SQLITE_PERM']);

/** A DATABASE_PATH the bot cannot open (mkdir, or SQLite refusing the file). */
function sqliteFileFailure(inner: unknown, path: string): string | undefined {
  const sqliteCode = (inner as { code?: unknown } | undefined)?.code;
  const fsPath = (inner as { path?: unknown } | undefined)?.path;
  if (
    (typeof sqliteCode === 'string' && SQLITE_FILE_CODES.has(sqliteCode)) ||
    (typeof fsPath === 'string' && resolve(path).startsWith(resolve(fsPath)))
  )
    return `cannot open DATABASE_PATH ${path}: ${errnoCode(inner) ?? rootMessage(inner)}; set DATABASE_PATH to a writable file.`;
  return undefined;
}

/** The SQLSTATE of a Postgres error (five characters: class and condition), along the cause chain. */
function sqlState(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 6 && cur && typeof cur === 'object'; i++) {
    const c = (cur as { code?: unknown }).code;
    if (typeof c === 'string' && /^[0-9A-Z]{5}$/.test(c) && !c.startsWith('E')) return c;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

const TLS_FAILURE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/;

/**
 * Why Postgres at DATABASE_URL could not be used, in one line that names where the URL came from and never
 * the password: the login refused, the database missing, the host unknown or silent, TLS failing, no right
 * to create the schema. `configuration` is false for a cause the operator's settings do not explain. The
 * CLI (`db copy --to`) passes its own names.
 */
export function describePostgresFailure(
  inner: unknown,
  target: Extract<DatabaseTarget, { kind: 'postgres' }>,
  names: { url: string; connectTimeout: string } = {
    url: 'DATABASE_URL',
    connectTimeout: 'DATABASE_CONNECT_TIMEOUT_MS',
  },
): { line: string; configuration: boolean } {
  const known = knownPostgresFailure(inner, target, names);
  const state = sqlState(inner) ?? errnoCode(inner);
  const line =
    known ??
    `cannot use the database at ${names.url} ${maskDatabaseUrl(target.url)}: ${rootMessage(inner)}${state ? ` (${state})` : ''}.`;
  return { line: scrubDatabasePassword(line, target.url), configuration: known !== undefined };
}

function knownPostgresFailure(
  inner: unknown,
  target: Extract<DatabaseTarget, { kind: 'postgres' }>,
  names: { url: string; connectTimeout: string },
): string | undefined {
  const at = databaseAddress(target.url);
  const url = names.url;
  const state = sqlState(inner);
  const errno = errnoCode(inner);
  const anyCode = (inner as { code?: unknown } | undefined)?.code;
  const message = rootMessage(inner);
  if (state === '28P01')
    return `${url} was rejected by Postgres at ${at}: ${message} (28P01); set the right password in ${url}.`;
  if (state?.startsWith('28'))
    return `${url} was rejected by Postgres at ${at}: ${message} (${state}); check the user in ${url} and the server's pg_hba.conf.`;
  if (state === '3D000')
    return `${url} names a database that does not exist at ${at}: ${message}; create it or fix the URL's path.`;
  if (state === '42501')
    return `the user in ${url} may not create deploy-check's tables at ${at}: ${message} (42501); grant it CREATE on the database's public schema, or use its owner.`;
  if (errno === 'ENOTFOUND' || anyCode === 'EAI_AGAIN')
    return `cannot resolve the host of ${url} (${at}, ${errno ?? anyCode}); check the host name.`;
  if (errno === 'ECONNREFUSED')
    return `cannot reach Postgres at ${at} (ECONNREFUSED): nothing listens there; check the host and port in ${url}.`;
  const outer = inner instanceof Error ? inner.message : '';
  if (
    /connection timeout|timeout expired|timeout exceeded/i.test(`${outer} ${message}`) ||
    errno === 'ETIMEDOUT'
  )
    return `no answer from Postgres at ${at} within ${names.connectTimeout} (${target.connectTimeoutMs} ms); check the host and port in ${url} and the network.`;
  if ((typeof anyCode === 'string' && TLS_FAILURE.test(anyCode)) || /\b(SSL|TLS)\b/.test(message))
    return `TLS to Postgres at ${at} failed: ${message}; check sslmode in ${url} and sslrootcert or DATABASE_CA_FILE.`;
  return undefined;
}

/**
 * One line (no stack, no token, no database password) naming the cause and the variable to fix, and the exit
 * code: 78 for anything the operator fixes in configuration, 1 otherwise. Several configuration problems
 * are listed one per line under a heading.
 */
export function describeStartupError(
  e: unknown,
  config?: Pick<Config, 'port' | 'host' | 'database' | 'slack'>,
): { message: string; exitCode: number } {
  const url = config?.database.kind === 'postgres' ? config.database.url : undefined;
  const line = (m: string, exitCode = 1) => ({
    message: scrubDatabasePassword(scrubSecrets(`deploy-check: ${m}`), url),
    exitCode,
  });
  if (isAppError(e, 'CONFIG_INVALID') || isAppError(e, 'CHECKLIST_INVALID'))
    return line(
      e.message.includes('\n')
        ? `invalid configuration\n${e.message}`
        : `invalid configuration: ${e.message}`,
      EXIT_CONFIG,
    );
  const variable = e instanceof StartupStepError ? e.variable : undefined;
  const inner = e instanceof StartupStepError ? e.original : e;
  const api = slackApiCode(inner);
  const code = errnoCode(inner);
  const slackUrl = config?.slack.apiUrl ?? 'https://slack.com/api/';
  if (typeof api === 'string' && REJECTED_TOKEN.has(api)) {
    const which = variable === 'SLACK_APP_TOKEN' ? 'SLACK_APP_TOKEN' : 'SLACK_BOT_TOKEN';
    return line(`${which} was rejected by Slack (${api}): set it to the app's current token.`, EXIT_CONFIG);
  }
  if (variable === 'PORT' && code === 'EADDRINUSE')
    return line(`PORT ${config?.port} is in use; set PORT to a free port.`);
  if (variable === 'PORT' && code === 'EADDRNOTAVAIL')
    return line(`HOST ${config?.host} is not an address of this machine; set HOST.`, EXIT_CONFIG);
  if (variable === 'PORT' && code === 'EACCES')
    return line(`not allowed to listen on PORT ${config?.port} (EACCES); set PORT above 1023.`, EXIT_CONFIG);
  if (typeof api === 'string') return line(`Slack refused start-up (${api}) while checking ${variable}.`);
  if (variable?.startsWith('SLACK_'))
    return line(
      `cannot reach Slack at ${slackUrl}: ${code ?? rootMessage(inner)}; check SLACK_API_URL and the network.`,
    );
  // The database is opened before anything listens.
  if (variable === 'DATABASE_URL' && config?.database.kind === 'postgres') {
    const failure = describePostgresFailure(inner, config.database);
    return line(failure.line, failure.configuration ? EXIT_CONFIG : 1);
  }
  if (variable === 'DATABASE_PATH' && config?.database.kind === 'sqlite') {
    const failure = sqliteFileFailure(inner, config.database.path);
    if (failure) return line(failure, EXIT_CONFIG);
  }
  const message = inner instanceof Error ? inner.message : String(inner);
  return line(`failed to start: ${message.split('\n')[0]}${code ? ` (${code})` : ''}`);
}

import { resolve } from 'node:path';
import type { Config } from './config.js';
import { isAppError } from './errors.js';
import { scrubSecrets } from './logger.js';

/** sysexits EX_CONFIG: the operator must change configuration (environment, config file, tokens). */
export const EXIT_CONFIG = 78;

/** A start-up step failed; `variable` names what the operator should look at. */
export class StartupStepError extends Error {
  constructor(
    readonly variable: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN' | 'PORT',
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

/** The innermost message along the cause chain ("fetch failed" says less than "bad port"). */
function rootMessage(e: unknown): string {
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

/**
 * One or two lines (no stack, no token) naming the cause and the variable to fix, and the exit code:
 * 78 for anything the operator fixes in configuration, 1 otherwise.
 */
export function describeStartupError(
  e: unknown,
  config?: Pick<Config, 'port' | 'host' | 'databasePath' | 'slack'>,
): { message: string; exitCode: number } {
  const line = (m: string, exitCode = 1) => ({ message: scrubSecrets(`deploy-check: ${m}`), exitCode });
  if (isAppError(e, 'CONFIG_INVALID') || isAppError(e, 'CHECKLIST_INVALID'))
    return line(`invalid configuration\n${e.message}`, EXIT_CONFIG);
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
  // The database is opened before anything listens: a bad DATABASE_PATH fails in mkdir or in SQLite.
  const fsPath = (inner as { path?: unknown } | undefined)?.path;
  const dbPath = config && resolve(config.databasePath);
  if (
    (inner as { code?: unknown } | undefined)?.code === 'SQLITE_CANTOPEN' ||
    (typeof fsPath === 'string' && dbPath?.startsWith(resolve(fsPath)))
  )
    return line(
      `cannot open DATABASE_PATH ${config?.databasePath}: ${code ?? rootMessage(inner)}; set DATABASE_PATH to a writable file.`,
      EXIT_CONFIG,
    );
  const message = inner instanceof Error ? inner.message : String(inner);
  return line(`failed to start: ${message.split('\n')[0]}${code ? ` (${code})` : ''}`);
}

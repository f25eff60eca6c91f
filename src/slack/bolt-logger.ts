import { inspect } from 'node:util';
import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import { type Logger, redactDeep } from '../logger.js';

// Bolt and @slack/web-api log free-form arguments (strings, request options, errors). Redacting by path in
// pino cannot reach inside those, so every argument is turned into scrubbed text before it is logged.

const SEVERITY: Record<string, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Number.POSITIVE_INFINITY,
};
const TO_PINO: Record<LogLevel, string> = {
  [LogLevel.DEBUG]: 'debug',
  [LogLevel.INFO]: 'info',
  [LogLevel.WARN]: 'warn',
  [LogLevel.ERROR]: 'error',
};

/**
 * Routes Bolt's (and its WebClient's, which shares the instance) logging into our pino logger.
 * `secrets` are literal values (the signing secret, tokens) scrubbed wherever they appear, since a signing
 * secret has no recognisable shape. The level Bolt sets can only make the output quieter than the
 * configured LOG_LEVEL, never louder: Bolt calls setLevel(INFO) by default on every App.
 */
export function createBoltLogger(logger: Logger, opts: { secrets?: readonly string[] } = {}): BoltLogger {
  const literals = (opts.secrets ?? []).filter((s) => s.length > 0);
  const floor = SEVERITY[logger.level] ?? SEVERITY.info!;
  const child = logger.child({ component: 'bolt' });
  let name = 'bolt';
  let level: LogLevel = fromPino(logger.level);
  child.level = logger.level;

  const write = (method: 'debug' | 'info' | 'warn' | 'error', args: unknown[]) => {
    if (!child.isLevelEnabled(method)) return;
    const err = args.find((a): a is Error => a instanceof Error);
    const text = args
      .map((a) => {
        const v = redactDeep(a, literals);
        if (a instanceof Error) return (v as { message: string }).message;
        return typeof v === 'string' ? v : inspect(v, { depth: 6, breakLength: Number.POSITIVE_INFINITY });
      })
      .join(' ');
    child[method]({ name, ...(err ? { err: scrubbedError(err, literals) } : {}) }, text);
  };

  return {
    debug: (...msg: unknown[]) => write('debug', msg),
    info: (...msg: unknown[]) => write('info', msg),
    warn: (...msg: unknown[]) => write('warn', msg),
    error: (...msg: unknown[]) => write('error', msg),
    setLevel(next: LogLevel) {
      level = next;
      const wanted = TO_PINO[next] ?? 'info';
      child.level = (SEVERITY[wanted] ?? 0) >= floor ? wanted : logger.level;
    },
    getLevel: () => level,
    setName(next: string) {
      name = next;
    },
  };
}

/** An Error again (so pino's err serializer keeps type and stack), with secrets scrubbed from its text. */
function scrubbedError(err: Error, literals: readonly string[]): Error {
  const r = redactDeep(err, literals) as { type: string; message: string; stack: string; code?: string };
  const copy = Object.assign(new Error(r.message), r.code ? { code: r.code } : {});
  copy.name = r.type;
  copy.stack = r.stack;
  return copy;
}

function fromPino(l: string): LogLevel {
  if (l === 'trace' || l === 'debug') return LogLevel.DEBUG;
  if (l === 'info') return LogLevel.INFO;
  if (l === 'warn') return LogLevel.WARN;
  return LogLevel.ERROR;
}

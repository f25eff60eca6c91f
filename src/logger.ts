import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger };

/** Paths redacted everywhere: tokens, signing secrets and Authorization headers never reach the logs. */
export const REDACT_PATHS = [
  'token',
  '*.token',
  'botToken',
  '*.botToken',
  'appToken',
  '*.appToken',
  'signingSecret',
  '*.signingSecret',
  'authorization',
  'Authorization',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
  'headers.Authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.cookie',
];

const SECRET_PATTERNS = [
  /xox[abposr]-[A-Za-z0-9-]+/g,
  /xapp-[A-Za-z0-9-]+/g,
  /(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi,
];

/** Scrubs token-looking substrings from free text (error messages, URLs) before logging or replying. */
export function scrubSecrets(text: string): string {
  let out = text;
  for (const p of SECRET_PATTERNS)
    out = out.replace(p, (_m, bearer?: string) =>
      typeof bearer === 'string' ? `${bearer}[redacted]` : '[redacted]',
    );
  return out;
}

const SENSITIVE_KEY = /token|secret|authorization|cookie|password/i;

/** A copy of `value` with secret-named keys censored and token-looking substrings scrubbed, at any depth. */
export function redactDeep(value: unknown, literals: readonly string[] = [], seen = new WeakSet()): unknown {
  if (typeof value === 'string') return scrubLiterals(scrubSecrets(value), literals);
  if (value instanceof Error) {
    const code = (value as Error & { code?: unknown }).code;
    return {
      type: value.name,
      message: redactDeep(value.message, literals),
      stack: redactDeep(value.stack ?? '', literals),
      ...(typeof code === 'string' ? { code } : {}),
    };
  }
  if (!value || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, literals, seen));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      SENSITIVE_KEY.test(k) && v !== null && typeof v !== 'object'
        ? '[redacted]'
        : redactDeep(v, literals, seen),
    ]),
  );
}

const scrubLiterals = (s: string, literals: readonly string[]) =>
  literals.reduce((acc, l) => (l.length >= 8 ? acc.split(l).join('[redacted]') : acc), s);

export function createLogger(opts: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: opts.level ?? 'info',
      base: { app: 'deploy-check' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // Path redaction cannot reach nested config objects, error messages or URLs: scrub every record deeply.
      formatters: {
        level: (label) => ({ level: label }),
        log: (obj) => redactDeep(obj) as Record<string, unknown>,
      },
      serializers: { err: (e: unknown) => redactDeep(e) },
      timestamp: pino.stdTimeFunctions.isoTime,
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? scrubSecrets(a) : a));
          method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    opts.destination,
  );
}

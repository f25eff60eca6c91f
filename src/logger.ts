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

export function createLogger(opts: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: opts.level ?? 'info',
      base: { app: 'deploy-check' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
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

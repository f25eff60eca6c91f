import { UsageError } from './usage-error.js';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** "2h", "90s", "1h30m", "500ms" → milliseconds; anything else is a usage error naming the flag. */
export function parseDuration(flag: string, text: string): number {
  const parts = [...text.matchAll(/(\d+)(ms|s|m|h)/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== text)
    throw new UsageError(`${flag}: "${text}" is not a duration (e.g. 2h, 30m, 10s, 500ms)`);
  const ms = parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_MS[p[2] as keyof typeof UNIT_MS], 0);
  if (ms <= 0) throw new UsageError(`${flag} must be longer than zero`);
  return ms;
}

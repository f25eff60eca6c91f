import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger.js';

/** A real pino logger writing JSON lines into memory (pino writes synchronously to a plain stream). */
export function captureLogger(level = 'debug') {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      cb();
    },
  });
  const logger = createLogger({ level, destination });
  return {
    logger,
    text: () => lines.join('\n'),
    records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

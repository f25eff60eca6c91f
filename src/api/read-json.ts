import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { ApiProblem } from './problem.js';

const MAX_BODY = 64 * 1024;

/** Reads and validates a JSON body; an empty body counts as `{}` (actions with optional fields). */
export async function readJson<S extends z.ZodType>(
  req: IncomingMessage,
  schema: S,
  maxBytes = MAX_BODY,
): Promise<z.output<S>> {
  const type = req.headers['content-type'] ?? '';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new ApiProblem('payload-too-large', `The body is over ${maxBytes} bytes.`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() && !/^application\/(?:[\w.+-]+\+)?json\b/i.test(type))
    throw new ApiProblem('unsupported-media-type', `Content-Type must be application/json, not "${type}".`);
  let raw: unknown = {};
  if (text.trim()) {
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new ApiProblem('invalid-request', `The body is not valid JSON: ${(e as Error).message}`);
    }
  }
  const r = schema.safeParse(raw);
  if (!r.success) {
    const errors = r.error.issues.map((i) => ({
      path: i.path.join('.') || '(body)',
      message: i.message,
    }));
    throw new ApiProblem('invalid-request', errors.map((e) => `${e.path}: ${e.message}`).join('; '), {
      errors,
    });
  }
  return r.data;
}

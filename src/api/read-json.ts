import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { ApiProblem } from './problem.js';

const MAX_BODY = 64 * 1024;

/**
 * The body as text, refused past MAX_BODY. Not a `for await` loop: leaving it early destroys the request,
 * and the connection then cannot carry the next request; stopping here leaves the rest of the body to be
 * drained once the 413 is sent (src/slack/drain-early-answers.ts).
 */
function readText(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) return void chunks.push(chunk);
      req.off('data', onData);
      req.pause();
      reject(new ApiProblem('payload-too-large', `The body is over ${MAX_BODY} bytes.`));
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}

/** Reads and validates a JSON body; an empty body counts as `{}` (actions with optional fields). */
export async function readJson<S extends z.ZodType>(req: IncomingMessage, schema: S): Promise<z.output<S>> {
  const type = req.headers['content-type'] ?? '';
  const text = await readText(req);
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

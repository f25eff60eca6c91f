import { type Dispatcher, request } from 'undici';

export interface HttpGetOptions {
  headers?: Record<string, string>;
  dispatcher?: Dispatcher | undefined;
  timeoutMs?: number;
  /** Bytes; a misconfigured URL pointing at a large file must not fill memory. */
  maxBytes?: number;
}

export interface HttpGetResult {
  status: number;
  body: string;
}

/** GET with connect/header/body timeouts and a body cap. Throws with a short, loggable message. */
export async function httpGet(url: string, opts: HttpGetOptions = {}): Promise<HttpGetResult> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const maxBytes = opts.maxBytes ?? 5 * 1024 * 1024;
  const res = await request(url, {
    method: 'GET',
    headers: opts.headers ?? {},
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    signal: AbortSignal.timeout(timeoutMs),
    ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {}),
  });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      res.body.destroy();
      throw new Error(`response larger than ${maxBytes} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return { status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') };
}

/** "connect ECONNREFUSED 127.0.0.1:9" → a one-line reason for the thread. */
export const describeError = (e: unknown): string => {
  const err = e as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = err.cause?.code ?? err.code;
  const msg = err.cause?.message ?? err.message ?? String(e);
  return code && !msg.includes(code) ? `${code}: ${msg}` : msg;
};

import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
};
// Plain names only: nothing outside the page's folder can be asked for.
const NAME = /^[a-z0-9-]+\.(html|js|css|svg)$/;

/** The page's HTML, JS and CSS from src/sandbox/public (copied next to the compiled code in the image). */
export function createStaticFiles(dir = fileURLToPath(new URL('./public/', import.meta.url))) {
  return async (res: ServerResponse, name: string): Promise<boolean> => {
    const m = name.match(NAME);
    if (!m) return false;
    try {
      const body = await readFile(join(dir, name));
      res
        .writeHead(200, {
          'content-type': TYPES[m[1]!] ?? 'application/octet-stream',
          'cache-control': 'no-cache',
          'x-content-type-options': 'nosniff',
        })
        .end(body);
      return true;
    } catch {
      return false;
    }
  };
}

/** `p` under the service's base URL, keeping a base path prefix (https://host/api + /health → /api/health). */
export const probeUrl = (base: URL, p: string): URL =>
  new URL(p.replace(/^\//, ''), base.href.endsWith('/') ? base : new URL(`${base.href}/`));

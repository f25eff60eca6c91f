import type { ScanRunView } from '../api/scan-schemas.js';
import type { ReleaseView } from '../api/schemas.js';
import type { ScanReport } from '../model/scan-report.js';
import { UsageError } from './usage-error.js';

/** An answer the API gave as problem+json (or a non-JSON error), with what a person should read. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly detail: string,
    readonly missing: string[] = [],
  ) {
    super(detail);
  }
  /** The caller's setup is wrong (token, service, URL): retrying will not help. */
  get isAuthOrUsage() {
    return (
      this.status === 400 ||
      this.status === 401 ||
      this.status === 403 ||
      this.status === 404 ||
      this.status === 422
    );
  }
}

const REQUEST_TIMEOUT_MS = 30_000;

/** The pipeline side of /api/v1, configured by DEPLOY_CHECK_URL and DEPLOY_CHECK_TOKEN. */
export function createApiClient(env: NodeJS.ProcessEnv) {
  const base = env.DEPLOY_CHECK_URL?.replace(/\/+$/, '');
  const token = env.DEPLOY_CHECK_TOKEN;
  if (!base)
    throw new UsageError(
      "DEPLOY_CHECK_URL is not set (the bot's address, e.g. https://deploy-check.example.com)",
    );
  if (!/^https?:\/\//.test(base)) throw new UsageError(`DEPLOY_CHECK_URL "${base}" is not an http(s) URL`);
  if (!token)
    throw new UsageError("DEPLOY_CHECK_TOKEN is not set (a token from api.tokens in the bot's config)");

  async function send<T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      throw new ApiError(
        res.status,
        'non-json',
        `${res.status} ${res.statusText} from ${base} (not the deploy-check API?)`,
      );
    }
    if (!res.ok)
      throw new ApiError(
        res.status,
        String(json.type ?? 'unknown'),
        String(json.detail ?? `${res.status} ${res.statusText}`),
        Array.isArray(json.missing) ? json.missing.map(String) : [],
      );
    return { status: res.status, json: json as T };
  }
  const call = async (method: string, path: string, body?: unknown) => {
    const { status, json } = await send<ReleaseView>(method, path, body);
    return { status, release: json };
  };

  return {
    open: (body: {
      service: string;
      version: string;
      env: string;
      requestedBy?: string;
      url?: string;
      changelog?: string;
    }) => call('POST', '/releases', body),
    get: async (id: string) => (await call('GET', `/releases/${encodeURIComponent(id)}`)).release,
    /** Sends a repository scan (already fitted to the API's limits: fitScanReport). */
    scan: async (id: string, report: ScanReport) =>
      (await send<ScanRunView>('POST', `/releases/${encodeURIComponent(id)}/scans`, report)).json,
    deployed: async (id: string, by?: string) =>
      (await call('POST', `/releases/${encodeURIComponent(id)}/deployed`, by ? { by } : {})).release,
  };
}
export type ApiClient = ReturnType<typeof createApiClient>;

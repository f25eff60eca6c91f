import { resolve } from 'node:path';
import { type Harness, startHarness } from '../../helpers/slack-harness.js';

export const PAYMENTS_TOKEN = 'dc-test-payments-token-0123456789abcdef';
export const SEARCH_TOKEN = 'dc-test-search-token-0123456789abcdef00';

export const apiConfig = (extra = '', checklist = 'test/fixtures/mini-checklist.yml') => `
timezone: UTC
checklist: ${resolve(checklist)}
approvers: { release: [UREL1] }
services:
  - { name: payments-api, baseUrl: "http://127.0.0.1:9", channel: CREL }
  - { name: search-api, baseUrl: "http://127.0.0.1:9", channel: CSEARCH }
api:
  tokens:
    - { name: github-actions, token: "\${DC_API_TOKEN}", services: [payments-api] }
    - { name: search-ci, token: "\${DC_SEARCH_TOKEN}", services: [search-api] }
${extra}`;

/** The bot with two API tokens from the environment, as an operator would configure it. */
export const startApiHarness = ({
  checklist,
  ...opts
}: {
  logLines?: string[];
  checklist?: string;
} = {}): Promise<Harness> =>
  startHarness({
    configYaml: apiConfig('', checklist),
    env: { DC_API_TOKEN: PAYMENTS_TOKEN, DC_SEARCH_TOKEN: SEARCH_TOKEN },
    ...opts,
  });

export function apiClient(h: Harness, token = PAYMENTS_TOKEN) {
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${h.url}/api/v1${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      // biome-ignore lint/suspicious/noExplicitAny: responses are asserted field by field
      json: (text ? JSON.parse(text) : {}) as any,
    };
  };
  return {
    call,
    open: (body: Record<string, unknown> = {}) =>
      call('POST', '/releases', { service: 'payments-api', version: '2.3.1', ...body }),
    get: (id: string) => call('GET', `/releases/${id}`),
    deployed: (id: string, body?: unknown) => call('POST', `/releases/${id}/deployed`, body),
    cancel: (id: string, body?: unknown) => call('POST', `/releases/${id}/cancel`, body),
  };
}

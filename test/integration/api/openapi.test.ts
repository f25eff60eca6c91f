import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanRun } from '../../../src/api/scan-schemas.js';
import { Problem, Release } from '../../../src/api/schemas.js';
import { scanReport } from '../../helpers/scan-report-fixture.js';
import type { Harness } from '../../helpers/slack-harness.js';
import { apiClient, startApiHarness } from './api-fixture.js';

type Operation = { responses: Record<string, { content: Record<string, { schema: { $ref: string } }> }> };

describe('OpenAPI document', () => {
  let h: Harness;
  let served: { paths: Record<string, Record<string, Operation>> } & Record<string, unknown>;
  beforeAll(async () => {
    h = await startApiHarness();
    served = (await (await fetch(`${h.url}/api/v1/openapi.json`)).json()) as typeof served;
  });
  afterAll(async () => {
    await h.close();
  });

  it('is served exactly as checked in (run npm run api:openapi after changing the schemas)', () => {
    expect(served).toEqual(JSON.parse(readFileSync('docs/openapi.json', 'utf8')));
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const res = await validator.validate(structuredClone(served));
    expect(res.errors ?? []).toEqual([]);
    expect(res.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('describes every answer the handlers give: documented status, content type and schema', async () => {
    const api = apiClient(h);
    const opened = await api.open();
    const id = opened.json.id as string;
    const calls: [string, string, Awaited<ReturnType<typeof api.call>>][] = [
      ['/releases', 'post', opened],
      ['/releases', 'post', await api.open()],
      ['/releases', 'post', await api.call('POST', '/releases', { version: '1' })],
      ['/releases', 'post', await apiClient(h, 'x'.repeat(40)).open()],
      ['/releases/{id}', 'get', await api.get(id)],
      ['/releases/{id}', 'get', await api.get('rnope')],
      ['/releases/{id}/scans', 'post', await api.call('POST', `/releases/${id}/scans`, scanReport())],
      ['/releases/{id}/scans', 'post', await api.call('POST', `/releases/${id}/scans`, { root: '.' })],
      ['/releases/{id}/deployed', 'post', await api.deployed(id)],
      ['/releases/{id}/cancel', 'post', await api.cancel(id)],
      ['/releases/{id}/cancel', 'post', await api.cancel(id)],
      ['/releases/{id}/scans', 'post', await api.call('POST', `/releases/${id}/scans`, scanReport())],
    ];
    const schemas = { Release: Release.strict(), Problem: Problem.strict(), ScanRun: ScanRun.strict() };
    for (const [path, method, res] of calls) {
      const documented = served.paths[path]?.[method]?.responses[String(res.status)];
      expect(documented, `${method} ${path} → ${res.status}`).toBeDefined();
      const [type, media] = Object.entries(documented!.content)[0]!;
      expect(res.type).toBe(type);
      const name = media.schema.$ref.split('/').at(-1) as keyof typeof schemas;
      expect(schemas[name].safeParse(res.json).error, `${method} ${path} → ${res.status}`).toBeUndefined();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { httpClientTimeouts } from '../../../../src/scan/checks/http-client-timeouts.js';
import { createMemoryRepo, runCheck } from '../../../helpers/scan-memory-repo.js';

const py = (source: string) => createMemoryRepo({ 'clients.py': source });

describe('scan:http-client-timeouts', () => {
  it('fails requests calls without timeout= and httpx with timeout=None', () => {
    const r = runCheck(
      httpClientTimeouts,
      py(
        'import requests\nimport httpx\n\nrequests.get(url)\nrequests.post(url, json=body, timeout=5)\nhttpx.AsyncClient(timeout=None)\n',
      ),
    );
    expect(r).toMatchObject({ verdict: 'fail', where: ['clients.py:4', 'clients.py:6'] });
  });

  it('passes httpx defaults and explicit timeouts, warns on an aiohttp session without one', () => {
    expect(
      runCheck(httpClientTimeouts, py('import httpx\nclient = httpx.AsyncClient(base_url=URL)\n')).verdict,
    ).toBe('pass');
    expect(
      runCheck(httpClientTimeouts, py('from requests import get\nget(url, timeout=(3.05, 10))\n')).verdict,
    ).toBe('pass');
    expect(
      runCheck(httpClientTimeouts, py('import aiohttp\nsession = aiohttp.ClientSession()\n')),
    ).toMatchObject({ verdict: 'warn', where: ['clients.py:2'] });
  });

  it('is unknown without outgoing HTTP calls', () => {
    expect(runCheck(httpClientTimeouts, py('x = 1\n')).verdict).toBe('unknown');
  });
});

import { callEvidence, callsNamed, effective, noPython } from '../python/kit.js';
import { pythonProject } from '../python/project.js';
import { follow } from '../python/values.js';
import { result, type SyncScanCheck } from '../types.js';

// requests has no default timeout: a call without one can wait forever on a silent server.
const REQUESTS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'].map(
  (m) => `requests.${m}`,
);
// httpx clients and functions default to 5 s; timeout=None switches that off.
const HTTPX = [
  'httpx.Client',
  'httpx.AsyncClient',
  ...['get', 'post', 'put', 'patch', 'delete', 'request', 'stream'].map((m) => `httpx.${m}`),
];

export const httpClientTimeouts: SyncScanCheck = {
  id: 'http-client-timeouts',
  title: 'Outgoing HTTP calls have timeouts (requests, httpx, aiohttp)',
  run(repo) {
    const project = pythonProject(repo);
    if (!project.modules.length) return noPython();
    const requests = callsNamed(project, ...REQUESTS);
    const httpx = callsNamed(project, ...HTTPX);
    const aiohttp = callsNamed(project, 'aiohttp.ClientSession');
    if (!requests.length && !httpx.length && !aiohttp.length)
      return result(
        'unknown',
        'no outgoing HTTP client calls',
        'The app makes no requests/httpx/aiohttp calls; server-side timeouts are read from the server configuration.',
        '',
      );
    const unbounded = [
      ...requests.filter((c) => !c.kwargs.has('timeout') && !c.spread),
      ...httpx.filter((c) => {
        const t = c.kwargs.get('timeout');
        return t !== undefined && effective(follow(project, c.mod, t))?.kind === 'none';
      }),
    ];
    if (unbounded.length)
      return result(
        'fail',
        `${unbounded.length} HTTP call${unbounded.length === 1 ? '' : 's'} without a timeout`,
        'requests waits forever unless given timeout= (and httpx with timeout=None does too): one slow upstream holds a worker until the whole pool is stuck.',
        'Pass timeout= on every call (e.g. timeout=(3.05, 10) for requests), or use an httpx client with its default 5 s timeout.',
        unbounded.map((c) => callEvidence(repo, c)),
      );
    const loose = aiohttp.filter((c) => !c.kwargs.has('timeout'));
    if (loose.length)
      return result(
        'warn',
        'aiohttp.ClientSession without timeout=',
        'aiohttp’s default total timeout is 5 minutes per request.',
        'Pass timeout=aiohttp.ClientTimeout(total=10).',
        loose.map((c) => callEvidence(repo, c)),
      );
    return result(
      'pass',
      'every outgoing HTTP call has a timeout',
      'requests calls pass timeout=, httpx keeps its 5 s default or sets one, aiohttp sessions set ClientTimeout.',
      '',
      [...requests, ...httpx, ...aiohttp].slice(0, 5).map((c) => callEvidence(repo, c)),
    );
  },
};

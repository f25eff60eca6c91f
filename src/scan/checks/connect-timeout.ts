import type { Engine } from '../python/engines.js';
import { poolCheck } from '../python/engines.js';
import { callAndValue, callEvidence, effective } from '../python/kit.js';
import type { Value } from '../python/values.js';

const TIMEOUT_KEYS = ['connect_timeout', 'timeout', 'command_timeout'];

function fromConnectArgs(e: Engine): Value | undefined {
  const args = e.kw('connect_args');
  const d = args && effective(args);
  if (d?.kind !== 'dict') return undefined;
  return d.entries.find(([k]) => k.kind === 'str' && TIMEOUT_KEYS.includes(k.value))?.[1];
}

export const connectTimeout = poolCheck(
  'connect-timeout',
  'Database connect timeout configured',
  (e, { repo }) => {
    const here = callEvidence(repo, e.call);
    const v = fromConnectArgs(e);
    if (v)
      return {
        verdict: 'pass',
        summary: 'connect timeout set in connect_args',
        why: 'The driver gives up on an unreachable database instead of hanging a worker.',
        fix: '',
        evidence: callAndValue(repo, e.call, v),
      };
    // The URL's query string is a single literal's value, read as a URL.
    const query = e.urlText?.split('?')[1] ?? '';
    if (new URLSearchParams(query).has('connect_timeout') || new URLSearchParams(query).has('timeout'))
      return {
        verdict: 'pass',
        summary: 'connect timeout set in the database URL',
        why: 'The URL carries connect_timeout.',
        fix: '',
        evidence: [here],
      };
    return {
      verdict: 'fail',
      summary: 'no connect timeout: the driver waits for the operating system',
      why: 'Neither connect_args nor the URL sets a connect timeout; psycopg and asyncpg then wait on TCP (minutes for psycopg, 60 s for asyncpg) while requests pile up.',
      fix: 'Pass connect_args={"connect_timeout": 5} (psycopg/psycopg2/PyMySQL) or {"timeout": 5} (asyncpg), or add ?connect_timeout=5 to the URL.',
      evidence: [here],
    };
  },
);

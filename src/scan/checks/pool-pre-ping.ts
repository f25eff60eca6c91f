import { noPool, poolCheck } from '../python/engines.js';
import { callAndValue, callEvidence, truthy } from '../python/kit.js';

export const poolPrePing = poolCheck('pool-pre-ping', 'create_engine pool_pre_ping=True', (e, { repo }) => {
  const here = callEvidence(repo, e.call);
  if (noPool(e))
    return {
      verdict: 'pass',
      summary: `poolclass=${e.poolclass}: connections are never reused`,
      why: 'Without a pool no connection sits idle long enough to go stale.',
      fix: '',
      evidence: [here],
    };
  const v = e.kw('pool_pre_ping');
  const on = truthy(v);
  const ev = callAndValue(repo, e.call, v);
  if (on)
    return {
      verdict: 'pass',
      summary: 'pool_pre_ping=True',
      why: 'Each checkout tests the connection first, so a database restart or failover does not surface as errors.',
      fix: '',
      evidence: ev,
    };
  if (on === undefined)
    return {
      verdict: 'unknown',
      summary: 'pool_pre_ping comes from the environment',
      why: 'The value is decided at deploy time.',
      fix: '',
      evidence: ev,
    };
  return {
    verdict: 'fail',
    summary: v ? 'pool_pre_ping is off' : 'pool_pre_ping not set (SQLAlchemy default False)',
    why: 'Without pre-ping the pool hands out connections the database or a proxy already closed; the first request after a restart, failover or idle timeout fails.',
    fix: 'Pass pool_pre_ping=True to create_engine (and consider pool_recycle below the server’s idle timeout).',
    evidence: ev,
  };
});

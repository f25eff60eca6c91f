import { noPool, poolCheck } from '../python/engines.js';
import { callAndValue, callEvidence, effective, show } from '../python/kit.js';

export const poolSize = poolCheck(
  'pool-size',
  'create_engine pool_size set for production (20-50)',
  (e, { repo }) => {
    const here = callEvidence(repo, e.call);
    if (noPool(e))
      return {
        verdict: 'warn',
        summary: `poolclass=${e.poolclass}: the app keeps no connection pool`,
        why: 'Every checkout opens a new connection; that is right only behind an external pooler such as PgBouncer.',
        fix: 'Use the default QueuePool with pool_size=20-50, or document the external pooler.',
        evidence: [here],
      };
    const v = e.kw('pool_size');
    const n = v && effective(v);
    if (!v)
      return {
        verdict: 'fail',
        summary: 'pool_size not set: SQLAlchemy keeps only 5 connections',
        why: 'create_engine defaults to pool_size=5 (plus max_overflow=10); under load requests queue for a connection and fail after pool_timeout (30 s).',
        fix: 'Pass pool_size (20-50 for a typical app, within the database’s max_connections across all workers), e.g. from a setting.',
        evidence: [here],
      };
    const ev = callAndValue(repo, e.call, v);
    if (n?.kind !== 'num')
      return {
        verdict: 'unknown',
        summary: `pool_size is ${show(v)}`,
        why: 'The value is decided at deploy time; the scan cannot read it.',
        fix: '',
        evidence: ev,
      };
    const ok = n.value >= 20 && n.value <= 50;
    return {
      verdict: ok ? 'pass' : 'warn',
      summary: `pool_size=${n.value}${v.kind === 'env' ? ` (default of ${v.name})` : ''}`,
      why: ok
        ? 'Within the 20-50 a typical app needs.'
        : `${n.value} is outside 20-50: too few queue requests under load, too many exhaust max_connections across workers.`,
      fix: ok
        ? ''
        : 'Size the pool to 20-50 per process unless measurements say otherwise, keeping workers × (pool_size + max_overflow) under max_connections.',
      evidence: ev,
    };
  },
);

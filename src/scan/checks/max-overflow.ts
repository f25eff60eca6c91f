import { noPool, poolCheck } from '../python/engines.js';
import { callAndValue, callEvidence, effective, show } from '../python/kit.js';

export const maxOverflow = poolCheck(
  'max-overflow',
  'create_engine max_overflow set explicitly',
  (e, { repo }) => {
    const here = callEvidence(repo, e.call);
    if (noPool(e))
      return {
        verdict: 'warn',
        summary: `poolclass=${e.poolclass}: no pool, so no overflow`,
        why: 'Without a pool every checkout is a new connection; overflow does not apply.',
        fix: 'Use a QueuePool with max_overflow set, or document the external pooler.',
        evidence: [here],
      };
    const v = e.kw('max_overflow');
    const n = v && effective(v);
    if (!v)
      return {
        verdict: 'warn',
        summary: 'max_overflow not set: SQLAlchemy’s default 10 applies',
        why: 'Unset, the pool may open 10 connections beyond pool_size: the example value, but nobody decided it against the database’s max_connections.',
        fix: 'Pass max_overflow explicitly (e.g. 10) so workers × (pool_size + max_overflow) is a decision.',
        evidence: [here],
      };
    const ev = callAndValue(repo, e.call, v);
    if (n?.kind !== 'num')
      return {
        verdict: 'unknown',
        summary: `max_overflow is ${show(v)}`,
        why: 'The value is decided at deploy time.',
        fix: '',
        evidence: ev,
      };
    if (n.value < 0)
      return {
        verdict: 'warn',
        summary: `max_overflow=${n.value}: unlimited overflow`,
        why: 'A negative max_overflow lets the pool open connections without limit until the database refuses them.',
        fix: 'Set a bounded max_overflow (e.g. 10).',
        evidence: ev,
      };
    return {
      verdict: 'pass',
      summary: `max_overflow=${n.value}`,
      why: 'The overflow above pool_size is bounded and explicit.',
      fix: '',
      evidence: ev,
    };
  },
);

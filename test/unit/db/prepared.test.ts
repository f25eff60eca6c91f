import { afterEach, describe, expect, it } from 'vitest';
import { createAuditRepo } from '../../../src/db/repos/audit-repo.js';
import { createOutboxRepo } from '../../../src/db/repos/outbox-repo.js';
import { createReleaseRepo } from '../../../src/db/repos/release-repo.js';
import { createTestDatabase } from '../../helpers/db.js';

// Hot-path statements are prepared once per database handle; these pin what that must not change.
describe('statements prepared once', () => {
  const open: ReturnType<typeof createTestDatabase>[] = [];
  const db = () => {
    const t = createTestDatabase();
    open.push(t);
    return t;
  };
  afterEach(() => {
    for (const t of open.splice(0)) t.cleanup();
  });

  it('write to the database of the repo that runs them, not the first one that prepared them', () => {
    const a = db();
    const b = db();
    expect(createReleaseRepo(a.db).claimRequest('k1', 1)).toBe(true);
    expect(createReleaseRepo(b.db).claimRequest('k1', 1)).toBe(true);
    expect(createReleaseRepo(a.db).claimRequest('k1', 2)).toBe(false);
  });

  it('store a missing audit detail and outbox payload as SQL NULL, and a given one as JSON', () => {
    const t = db();
    const audit = createAuditRepo(t.db);
    audit.record({ actor: 'U1', action: 'a', via: 'cli', at: 1 });
    audit.record({ actor: 'U1', action: 'b', via: 'cli', at: 2, detail: { from: 'open' } });
    const outbox = createOutboxRepo(t.db);
    outbox.enqueue({ key: 'k', kind: 'update', channel: 'C1', renderer: 'x', ref: 'r' });
    outbox.enqueue({ key: 'p', kind: 'ephemeral', channel: 'C1', payload: { text: 'hi' } });
    const raw = (sql: string) => t.sqlite.prepare(sql).raw().all();
    expect(raw('select detail from audit_log order by id')).toEqual([[null], ['{"from":"open"}']]);
    expect(raw('select payload from outbox order by id')).toEqual([[null], ['{"text":"hi"}']]);
  });

  it('store a display name again when it changed, even though an unchanged one is not rewritten', () => {
    const t = db();
    const repo = createReleaseRepo(t.db);
    repo.rememberName('U1', 'ana', 1);
    repo.rememberName('U1', 'ana', 2);
    repo.rememberName('U1', 'ana.b', 3);
    expect(t.sqlite.prepare('select name from slack_users where id = ?').pluck().get('U1')).toBe('ana.b');
  });
});

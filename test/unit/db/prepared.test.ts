import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createAuditRepo } from '../../../src/db/repos/audit-repo.js';
import { createOutboxRepo } from '../../../src/db/repos/outbox-repo.js';
import { createReleaseRepo } from '../../../src/db/repos/release-repo.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';

// Hot-path statements are prepared once per database handle; these pin what that must not change.
describe('statements prepared once', () => {
  const open: TestDatabase[] = [];
  const db = async () => {
    const t = await createTestDatabase();
    open.push(t);
    return t;
  };
  afterEach(async () => {
    for (const t of open.splice(0)) await t.cleanup();
  });

  it('write to the database of the repo that runs them, not the first one that prepared them', async () => {
    const a = await db();
    const b = await db();
    expect(await createReleaseRepo(a.db).claimRequest('k1', 1)).toBe(true);
    expect(await createReleaseRepo(b.db).claimRequest('k1', 1)).toBe(true);
    expect(await createReleaseRepo(a.db).claimRequest('k1', 2)).toBe(false);
  });

  it('store a missing audit detail and outbox payload as SQL NULL, and a given one as JSON', async () => {
    const t = await db();
    const audit = createAuditRepo(t.db);
    await audit.record({ actor: 'U1', action: 'a', via: 'cli', at: 1 });
    await audit.record({ actor: 'U1', action: 'b', via: 'cli', at: 2, detail: { from: 'open' } });
    const outbox = createOutboxRepo(t.db);
    await outbox.enqueue({ key: 'k', kind: 'update', channel: 'C1', renderer: 'x', ref: 'r' });
    await outbox.enqueue({ key: 'p', kind: 'ephemeral', channel: 'C1', payload: { text: 'hi' } });
    expect(await t.db.all(sql`select detail from audit_log order by id`)).toEqual([
      [null],
      ['{"from":"open"}'],
    ]);
    expect(await t.db.all(sql`select payload from outbox order by id`)).toEqual([[null], ['{"text":"hi"}']]);
  });

  it('store a display name again when it changed, even though an unchanged one is not rewritten', async () => {
    const t = await db();
    const repo = createReleaseRepo(t.db);
    await repo.rememberName('U1', 'ana', 1);
    await repo.rememberName('U1', 'ana', 2);
    await repo.rememberName('U1', 'ana.b', 3);
    expect(await t.db.all(sql`select name, updated_at from slack_users where id = ${'U1'}`)).toEqual([
      ['ana.b', 3],
    ]);
  });
});

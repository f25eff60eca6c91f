import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/sqlite-proxy';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MARK, toPostgresSql } from '../../../src/db/pg-sql.js';
import * as schema from '../../../src/db/schema.js';

// The SQL the repositories build once with drizzle's SQLite dialect, as Postgres reads it.
describe('toPostgresSql', () => {
  it('numbers the placeholders in order', () => {
    expect(toPostgresSql('select * from t where a = ? and b in (?, ?)')).toBe(
      'select * from t where a = $1 and b in ($2, $3)',
    );
  });

  it('leaves a question mark inside a string literal or a quoted identifier alone', () => {
    expect(toPostgresSql(`select '?', 'it''s ?', "who?" from t where a = ?`)).toBe(
      `select '?', 'it''s ?', "who?" from t where a = $1`,
    );
    expect(toPostgresSql(`select "a""?" from t where b = ? and c = 'x'`)).toBe(
      `select "a""?" from t where b = $1 and c = 'x'`,
    );
  });

  it('drops the table prefix from a conflict target, and only there', () => {
    expect(
      toPostgresSql(
        'insert into "item_states" ("release_id", "item_id") values (?, ?) on conflict ("item_states"."release_id", "item_states"."item_id") do update set "state" = "item_states"."state"',
      ),
    ).toBe(
      'insert into "item_states" ("release_id", "item_id") values ($1, $2) on conflict ("release_id", "item_id") do update set "state" = "item_states"."state"',
    );
  });

  it('turns the autoincrement marker into DEFAULT, but not inside a string', () => {
    expect(toPostgresSql(`insert into "t" ("id", "a") values (${DEFAULT_MARK}, ?)`)).toBe(
      'insert into "t" ("id", "a") values (default, $1)',
    );
    expect(toPostgresSql(`select 'null /*dc:default*/', ?`)).toBe(`select 'null /*dc:default*/', $1`);
  });

  it('reads an insert drizzle builds from the schema as Postgres expects it', () => {
    const db = drizzle(async () => ({ rows: [] }), { schema });
    const q = db
      .insert(schema.outbox)
      .values({ key: 'k', kind: 'post', channel: 'C1', dueAt: 1, createdAt: 1 })
      .onConflictDoUpdate({ target: schema.outbox.key, set: { version: sql`${schema.outbox.version} + 1` } })
      .toSQL();
    const text = toPostgresSql(q.sql);
    expect(text).toMatch(/^insert into "outbox" \("id", "key", .*\) values \(default, \$1, /);
    expect(text).toContain('on conflict ("key") do update set "version" = "outbox"."version" + 1');
    expect(text).not.toContain('?');
  });
});

import { eq, sql } from 'drizzle-orm';
import { openDatabase } from '/work/main/src/db/client.ts';
import { auditLog, outbox } from '/work/main/src/db/schema.ts';
import pg from 'pg';
const admin = new pg.Client('postgres://postgres@127.0.0.1:55432/postgres');
await admin.connect(); await admin.query('drop database if exists smoke'); await admin.query('create database smoke'); await admin.end();
for (const target of ['/tmp/smoke.sqlite', { kind: 'postgres', url: 'postgres://postgres@127.0.0.1:55432/smoke', poolSize: 4, statementTimeoutMs: 5000, connectTimeoutMs: 3000 }] as const) {
  const h = await openDatabase(target as never);
  const { db } = h;
  const r = await db.insert(auditLog).values({ actor: 'U1', action: 'tick', via: 'cli', at: Date.now(), detail: { a: 1 } }).returning({ id: auditLog.id });
  console.log(h.dialect, 'insert', r);
  try { await db.transaction(async (tx) => { await tx.insert(auditLog).values({ actor: 'U2', action: 'x', via: 'cli', at: 1 }); throw new Error('boom'); }); } catch (e) { console.log('rolled', (e as Error).message); }
  const rows = await db.select().from(auditLog).where(eq(auditLog.actor, 'U1')).all();
  console.log(rows, await db.select({ n: sql<number>`count(*)` }).from(auditLog).get());
  const p = db.select().from(auditLog).where(eq(auditLog.id, sql.placeholder('id'))).prepare();
  console.log(await p.get({ id: r[0]!.id }));
  const up = await db.update(auditLog).set({ action: 'y' }).where(eq(auditLog.actor, 'U1')).run();
  console.log('changes', (up as { changes: number }).changes);
  await db.insert(outbox).values({ key: 'k', kind: 'post', channel: 'C', dueAt: 1, createdAt: 1 }).onConflictDoUpdate({ target: outbox.key, set: { version: sql`${outbox.version} + 1` } }).run();
  await db.insert(outbox).values({ key: 'k', kind: 'post', channel: 'C', dueAt: 1, createdAt: 1 }).onConflictDoUpdate({ target: outbox.key, set: { version: sql`${outbox.version} + 1` } }).run();
  console.log(await db.select({ v: outbox.version, s: outbox.status }).from(outbox).all());
  await h.close();
}

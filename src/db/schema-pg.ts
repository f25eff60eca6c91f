import { getTableColumns, is, SQL } from 'drizzle-orm';
import {
  bigint,
  doublePrecision,
  foreignKey,
  index,
  type PgColumnBuilderBase,
  type PgTableWithColumns,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { getTableConfig, type SQLiteColumn, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as sqlite from './schema.js';

/**
 * The Postgres schema, derived from the one in schema.ts (never edited by hand, so the two cannot drift):
 * drizzle-kit reads it to generate migrations/postgres. Queries are still built from schema.ts; the column
 * types below store exactly what SQLite stores (integers as bigint, booleans as 0/1, JSON as text), so the
 * same statements read and write both.
 */
type AnyPgTable = PgTableWithColumns<never>;
const built = new Map<string, AnyPgTable>();

function columnFor(c: SQLiteColumn): PgColumnBuilderBase {
  const name = c.name;
  // biome-ignore lint/suspicious/noExplicitAny: the builders' chain methods differ per type; each is checked by drizzle-kit's output.
  let b: any;
  switch (c.columnType) {
    case 'SQLiteText':
    case 'SQLiteTextJson':
      b = text(name, c.enumValues?.length ? { enum: c.enumValues as [string, ...string[]] } : {}) as never;
      break;
    case 'SQLiteReal':
      b = doublePrecision(name) as never;
      break;
    case 'SQLiteInteger':
    case 'SQLiteBoolean':
    case 'SQLiteTimestamp':
      b = bigint(name, { mode: 'number' }) as never;
      break;
    default:
      throw new Error(`schema-pg: no Postgres type for ${c.columnType} (${name})`);
  }
  if ((c as { autoIncrement?: boolean }).autoIncrement) b = b.generatedByDefaultAsIdentity() as never;
  if (c.primary) b = b.primaryKey() as never;
  if (c.notNull && !c.primary) b = b.notNull() as never;
  if (c.default !== undefined && !is(c.default, SQL)) {
    const v = typeof c.default === 'boolean' ? Number(c.default) : c.default;
    b = b.default(v) as never;
  }
  return b;
}

function toPg(table: SQLiteTable): AnyPgTable {
  const cfg = getTableConfig(table);
  const columns = Object.fromEntries(
    Object.entries(getTableColumns(table)).map(([key, c]) => [key, columnFor(c as SQLiteColumn)]),
  );
  const keyOf = (c: { name: string }) =>
    Object.entries(getTableColumns(table)).find(([, col]) => col.name === c.name)![0];
  const pgTableBuilt = pgTable(cfg.name, columns, (t) => {
    const col = (c: { name: string }) => (t as Record<string, never>)[keyOf(c)];
    return [
      ...cfg.primaryKeys.map((pk) => primaryKey({ columns: pk.columns.map(col) as [never, ...never[]] })),
      ...cfg.indexes.map((i) => {
        const cols = i.config.columns.map((c) => col(c as { name: string })) as [never, ...never[]];
        return (i.config.unique ? uniqueIndex(i.config.name) : index(i.config.name)).on(...cols);
      }),
      ...cfg.foreignKeys.map((fk) => {
        const ref = fk.reference();
        const target = built.get(getTableConfig(ref.foreignTable).name)!;
        const fcols = ref.foreignColumns.map(
          (c) => (target as unknown as Record<string, never>)[keyOfIn(ref.foreignTable, c)],
        );
        const k = foreignKey({
          columns: ref.columns.map(col) as [never, ...never[]],
          foreignColumns: fcols as [never, ...never[]],
          name: fk.getName(),
        });
        return fk.onDelete ? k.onDelete(fk.onDelete) : k;
      }),
    ];
  }) as unknown as AnyPgTable;
  built.set(cfg.name, pgTableBuilt);
  return pgTableBuilt;
}

const keyOfIn = (table: SQLiteTable, c: { name: string }) =>
  Object.entries(getTableColumns(table)).find(([, col]) => col.name === c.name)![0];

export const releases = toPg(sqlite.releases);
export const releaseMessages = toPg(sqlite.releaseMessages);
export const itemStates = toPg(sqlite.itemStates);
export const sectionSignoffs = toPg(sqlite.sectionSignoffs);
export const approvals = toPg(sqlite.approvals);
export const auditLog = toPg(sqlite.auditLog);
export const processedRequests = toPg(sqlite.processedRequests);
export const probeRuns = toPg(sqlite.probeRuns);
export const probeResults = toPg(sqlite.probeResults);
export const scanRuns = toPg(sqlite.scanRuns);
export const watches = toPg(sqlite.watches);
export const watchEvents = toPg(sqlite.watchEvents);
export const watchSamples = toPg(sqlite.watchSamples);
export const watchCharts = toPg(sqlite.watchCharts);
export const jobRuns = toPg(sqlite.jobRuns);
export const maintenanceCycles = toPg(sqlite.maintenanceCycles);
export const maintenanceItems = toPg(sqlite.maintenanceItems);
export const certWarnings = toPg(sqlite.certWarnings);
export const slackUsers = toPg(sqlite.slackUsers);
export const outbox = toPg(sqlite.outbox);
export const homeVisitors = toPg(sqlite.homeVisitors);
export const nudgesSent = toPg(sqlite.nudgesSent);
export const slackRateLanes = toPg(sqlite.slackRateLanes);

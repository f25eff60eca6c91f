import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExport } from '../../../src/cli/export-command.js';
import { captureIo } from '../../helpers/capture-io.js';
import { createTestDatabase } from '../../helpers/db.js';
import { MINI_CHECKLIST, RELEASE_ID, seedRelease } from './seed-release.js';

describe('deploy-check export', () => {
  let h: Awaited<ReturnType<typeof createTestDatabase>>;
  let configFile: string;
  beforeAll(async () => {
    h = await createTestDatabase();
    await seedRelease(h.db);
    // The config names its checklist relative to itself, as a team's repo would.
    const confDir = join(h.dir, 'conf');
    mkdirSync(confDir);
    writeFileSync(join(confDir, 'checklist.yml'), readFileSync(MINI_CHECKLIST));
    configFile = join(confDir, 'deploy-check.yml');
    writeFileSync(configFile, 'timezone: Europe/Berlin\nchecklist: checklist.yml\n');
  });
  afterAll(() => h.cleanup());

  it('prints the markdown record using the config file’s checklist and time zone', async () => {
    const { io, out } = captureIo();
    const code = await runExport(['export', RELEASE_ID, '--db', h.path!, '--config', configFile], io);
    expect(code).toBe(0);
    expect(out.stdout).toContain('# Release record: payments-api 2.3.1 → production');
    expect(out.stdout).toContain(
      '- ✅ HTTPS redirects HTTP traffic — done by Carol (UCAROL) at 2026-01-15 10:05:00',
    );
  });

  it('reads the database path from DATABASE_PATH and prints JSON', async () => {
    const { io, out } = captureIo({ DATABASE_PATH: h.path });
    const code = await runExport([RELEASE_ID, '--format', 'json', '--config', configFile], io);
    expect(code).toBe(0);
    const record = JSON.parse(out.stdout);
    expect(record.release.id).toBe(RELEASE_ID);
    expect(record.approvals.map((a: { userId: string }) => a.userId)).toEqual(['UBOB', 'UCAROL']);
  });

  it('writes the record to --out instead of standard output', async () => {
    const { io, out } = captureIo();
    const file = join(h.dir, 'record.md');
    const code = await runExport([RELEASE_ID, '--db', h.path!, '--config', configFile, '--out', file], io);
    expect(code).toBe(0);
    expect(out.stdout).toBe('');
    expect(readFileSync(file, 'utf8')).toContain('## Audit trail');
  });

  it('exits 1 for an unknown release and points at /deploy-check status', async () => {
    const { io, out } = captureIo();
    const code = await runExport(['rmissing', '--db', h.path!], io);
    expect(code).toBe(1);
    expect(out.stderr).toContain('no release with ID "rmissing"');
    expect(out.stderr).toContain('/deploy-check status');
  });

  it('exits 1 without creating a database when the path does not exist', async () => {
    const { io, out } = captureIo();
    const missing = join(h.dir, 'nope', 'db.sqlite');
    expect(await runExport([RELEASE_ID, '--db', missing], io)).toBe(1);
    expect(out.stderr).toContain(`no database at ${missing}`);
  });

  it.each([
    [[], 'expected exactly one release ID'],
    [[RELEASE_ID, '--format', 'pdf'], '--format must be md or json'],
    [[RELEASE_ID, '--colour'], "Unknown option '--colour'"],
  ])('exits 2 with usage for %j', async (argv, message) => {
    const { io, out } = captureIo();
    expect(await runExport(argv, io)).toBe(2);
    expect(out.stderr).toContain(message);
    expect(out.stderr).toContain('Usage: deploy-check export <release-id>');
  });

  it('exits 2 naming the field when the config file is invalid', async () => {
    const bad = join(h.dir, 'bad.yml');
    writeFileSync(bad, 'timezone: Mars/Olympus\n');
    const { io, out } = captureIo();
    expect(await runExport([RELEASE_ID, '--db', h.path!, '--config', bad], io)).toBe(2);
    expect(out.stderr).toContain('timezone is not an IANA time zone');
  });

  describe('as a separate process', () => {
    const entry = resolve('test/integration/export/export-entry.ts');
    const run = (args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', entry, 'export', ...args], {
        encoding: 'utf8',
        env: { ...process.env, DATABASE_PATH: h.path },
        timeout: 15_000,
      });

    it('exits 0 and writes the record to stdout', () => {
      const r = run([RELEASE_ID]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('**Outcome:** rolled back after an error-rate spike');
    });

    it('exits 1 for an unknown release', () => {
      const r = run(['rmissing']);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('no release with ID "rmissing"');
    });
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExport } from '../../../src/cli/export-command.js';
import { watches, watchSamples } from '../../../src/db/schema.js';
import { captureIo } from '../../helpers/capture-io.js';
import { createTestDatabase } from '../../helpers/db.js';
import { min, RELEASE_ID, seedRelease } from './seed-release.js';

/** The exported record carries the watch's error-rate chart: a PNG beside the markdown, the series in JSON. */
describe('deploy-check export with the error-rate chart', () => {
  let h: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    h = await createTestDatabase();
    await seedRelease(h.db);
    const watch = (await h.db.select().from(watches).get())!;
    // 30 samples at 30 s: quiet, then four above the 1 % threshold.
    for (let i = 1; i <= 30; i++)
      await h.db
        .insert(watchSamples)
        .values({
          watchId: watch.id,
          at: min(40) + i * 30_000,
          total: 600,
          errors: i >= 20 && i < 24 ? 90 : 2,
          ratio: i >= 20 && i < 24 ? 0.15 : 2 / 600,
        })
        .run();
  });
  afterAll(() => h.cleanup());

  it('writes record-error-rate.png beside record.md and references it', async () => {
    const { io: cli, out } = captureIo();
    const file = join(h.dir, 'record.md');
    const code = await runExport([RELEASE_ID, '--db', h.path!, '--out', file], cli);
    expect(code).toBe(0);
    const png = readFileSync(join(h.dir, 'record-error-rate.png'));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(800);
    const md = readFileSync(file, 'utf8');
    expect(md).toContain('![Error rate since the deploy](record-error-rate.png)');
    expect(md).toContain('4 samples breached it');
    expect(md).toContain('Peak 15.0 percent (90 of 600 requests)');
    expect(out.stderr).toContain(`Wrote its error-rate chart to ${join(h.dir, 'record-error-rate.png')}`);
  });

  it('puts the series in the JSON record and writes no image to standard output', async () => {
    const { io: cli, out } = captureIo();
    const before = readdirSync(h.dir).length;
    expect(await runExport([RELEASE_ID, '--db', h.path!, '--format', 'json'], cli)).toBe(0);
    const record = JSON.parse(out.stdout);
    expect(record.watches[0].samples).toHaveLength(30);
    expect(record.watches[0].samples[19]).toEqual({
      at: min(40) + 20 * 30_000,
      errors: 90,
      total: 600,
      ratio: 0.15,
    });
    expect(readdirSync(h.dir).length).toBe(before);
  });
});

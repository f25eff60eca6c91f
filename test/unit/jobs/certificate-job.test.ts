import { afterEach, describe, expect, it } from 'vitest';
import { checkCertificates } from '../../../src/jobs/certificate-job.js';
import { createTestDatabase } from '../../helpers/db.js';
import { jobDeps } from './support.js';

const YAML = `defaultChannel: C0OPS
services:
  - { name: api, baseUrl: "https://api.example.test", channel: C0API }
  - { name: plain, baseUrl: "http://plain.example.test" }`;
const DAY = 86_400_000;

const dbs: Awaited<ReturnType<typeof createTestDatabase>>[] = [];
afterEach(async () => {
  for (const d of dbs.splice(0)) await d.cleanup();
});

/** A certificate reader whose answer the test changes day by day. */
async function setup() {
  const h = await createTestDatabase();
  dbs.push(h);
  const t = jobDeps(h, YAML);
  const cert = { validTo: 'Apr 30 12:00:00 2026 GMT', daysLeft: 60, error: undefined as string | undefined };
  const checked: string[] = [];
  const run = async (daysLeft?: number) => {
    if (daysLeft !== undefined) cert.daysLeft = daysLeft;
    await checkCertificates({
      ...t.deps,
      checkCertificate: async (url) => {
        checked.push(url);
        if (cert.error) throw new Error(cert.error);
        return { validTo: cert.validTo, daysLeft: cert.daysLeft };
      },
    });
    await t.settle();
  };
  return { ...t, cert, run, checked };
}

describe('certificate expiry warnings', () => {
  it('warns once at 30, 14 and 7 days, naming the renewal checklist item', async () => {
    const t = await setup();
    for (const d of [45, 31, 30, 29, 20, 14, 13, 8, 7, 6, 5]) await t.run(d);
    expect(t.poster.posts.map((p) => p.text.match(/expires in \*(\d+) days/)?.[1])).toEqual([
      '30',
      '14',
      '7',
    ]);
    expect(t.poster.posts.every((p) => p.channel === 'C0API')).toBe(true);
    expect(t.poster.posts[0]?.text).toContain('Certificate renewal automated (e.g., Let');
    expect(t.checked.every((u) => u.startsWith('https://api.'))).toBe(true);
  });

  it('posts only the nearest threshold when several are crossed at once', async () => {
    const t = await setup();
    await t.run(5);
    await t.run(4);
    expect(t.poster.posts).toHaveLength(1);
    expect(t.poster.posts[0]?.text).toContain('expires in *5 days*');
  });

  it('starts over for a renewed certificate', async () => {
    const t = await setup();
    await t.run(10);
    t.cert.validTo = 'Jul 30 12:00:00 2026 GMT';
    await t.run(90);
    await t.run(30);
    expect(t.poster.posts.map((p) => p.text.match(/expires in \*(\d+) days/)?.[1])).toEqual(['10', '30']);
  });

  it('reports an unreachable certificate at most once a day', async () => {
    const t = await setup();
    t.cert.error = 'connect ECONNREFUSED 127.0.0.1:443';
    await t.run();
    await t.run();
    expect(t.poster.posts).toHaveLength(1);
    expect(t.poster.posts[0]?.text).toContain('Could not check the TLS certificate of *api*');
    await t.clock.advance(DAY);
    await t.run();
    expect(t.poster.posts).toHaveLength(2);
  });

  it('delivers a warning Slack first refused once it accepts it, and only once', async () => {
    const t = await setup();
    t.poster.failNext = 1;
    await t.run(12);
    await t.run(12);
    expect(t.poster.posts).toHaveLength(1);
    expect(t.poster.posts[0]?.text).toContain('expires in *12 days*');
  });
});

import { describe, expect, it } from 'vitest';
import { runExport } from '../../../src/cli/export-command.js';
import { captureIo } from '../../helpers/capture-io.js';

const PASSWORD = 's3cret-Pa55';

describe('deploy-check export: which database', () => {
  it.each([
    [`postgres://app:${PASSWORD}@db:notaport/deploy`, '--database-url is not a URL'],
    [`mysql://app:${PASSWORD}@db/deploy`, '--database-url must start with postgres://'],
  ])('exits 2 for a bad --database-url %#, naming the option and masking the password', async (url, says) => {
    const { io, out } = captureIo();
    expect(await runExport(['rel-1', '--database-url', url], io)).toBe(2);
    expect(out.stderr).toContain(says);
    expect(out.stderr).not.toContain(PASSWORD);
  });

  it('names DATABASE_URL when the bad URL came from the environment', async () => {
    const { io, out } = captureIo({ DATABASE_URL: `postgres://app:${PASSWORD}@db:notaport/deploy` });
    expect(await runExport(['rel-1'], io)).toBe(2);
    expect(out.stderr).toContain('DATABASE_URL is not a URL');
    expect(out.stderr).not.toContain(PASSWORD);
  });

  it('refuses --db and --database-url together', async () => {
    const { io, out } = captureIo();
    expect(await runExport(['rel-1', '--db', 'x.sqlite', '--database-url', 'postgres://db/x'], io)).toBe(2);
    expect(out.stderr).toContain('pass --db PATH or --database-url URL, not both');
  });

  it('prefers --db over $DATABASE_URL', async () => {
    const { io, out } = captureIo({ DATABASE_URL: `postgres://app:${PASSWORD}@127.0.0.1:1/deploy` });
    expect(await runExport(['rel-1', '--db', '/nonexistent/deploy.sqlite'], io)).toBe(1);
    expect(out.stderr).toContain('no database at /nonexistent/deploy.sqlite');
  });

  it('exits 1 when the Postgres server cannot be reached, showing where without the password', async () => {
    const { io, out } = captureIo({ DATABASE_URL: `postgres://app:${PASSWORD}@127.0.0.1:1/deploy` });
    expect(await runExport(['rel-1'], io)).toBe(1);
    expect(out.stderr).toContain('cannot open the database at postgres://app:***@127.0.0.1:1/deploy: ');
    expect(out.stderr).not.toContain(PASSWORD);
  });
});

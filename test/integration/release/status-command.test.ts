import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../helpers/slack-harness.js';

const config = `
services:
  - { name: payments-api, baseUrl: "https://payments.example.test" }
  - { name: search-api, baseUrl: "https://search.example.test" }
`;

describe('/deploy-check status and help', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ configYaml: config });
  });
  afterEach(async () => {
    await h.close();
  });

  it('lists open releases with progress and links to their threads', async () => {
    await h.command('payments-api 2.3.1');
    await h.command('search-api 1.0.0 staging');
    await h.settle();
    await h.command('status');
    await h.settle();
    const text = String(h.fake.responses.at(-1)?.body.text);
    expect(text).toContain('<https://example.slack.com/archives/CREL/p');
    expect(text).toContain('Release payments-api 2.3.1 → production');
    expect(text).toContain('Release search-api 1.0.0 → staging');
    expect(text).toContain('0/76 done · 0 N/A');
    await h.command('status search-api');
    await h.settle();
    const filtered = String(h.fake.responses.at(-1)?.body.text);
    expect(filtered).toContain('search-api');
    expect(filtered).not.toContain('payments-api');
  });

  it('explains the commands on help', async () => {
    const res = await h.command('help');
    expect(res.json()).toMatchObject({ response_type: 'ephemeral' });
    expect(String(res.json().text)).toContain('/deploy-check <service> <version> [env]');
  });

  it('refuses an unknown service, naming the configured ones, and opens nothing', async () => {
    const res = await h.command('paymnets-api 2.3.1');
    expect(String(res.json().text)).toContain(
      'Unknown service `paymnets-api`. Configured services: `payments-api`, `search-api`',
    );
    await h.settle();
    expect(h.fake.calls.filter((c) => c.method === 'chat.postMessage')).toEqual([]);
  });
});

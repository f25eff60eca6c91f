import { afterEach, describe, expect, it } from 'vitest';
import { pooledClient } from '../../helpers/pooled-client.js';
import { type Harness, sign, startHarness } from '../../helpers/slack-harness.js';
import { PAYMENTS_TOKEN, startApiHarness } from '../api/api-fixture.js';

const FIVE_MB = Buffer.alloc(5 * 1024 * 1024, 'a');

describe('a request refused before its body was read (HTTP receiver), on a pooled keep-alive connection', () => {
  let h: Harness;
  let client: ReturnType<typeof pooledClient>;
  afterEach(async () => {
    client.close();
    await h.close();
  });

  it('leaves the pool usable: /health and a malformed payload after a 5 MB body get their own answers', async () => {
    h = await startHarness();
    client = pooledClient(h.url);
    const big = await client.send('/slack/events', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(FIVE_MB.toString()) },
      body: FIVE_MB,
    });
    expect(big.status).toBe(413);
    const health = await client.send('/health');
    expect(health).toMatchObject({ status: 200 });
    const body = 'payload=%7Bnot-json';
    const malformed = await client.send('/slack/events', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(body) },
      body,
    });
    expect(malformed.error).toBeUndefined();
    expect(malformed.status).toBe(400);
    expect((await client.send('/health')).status).toBe(200);
    // The rest of the refused body was drained, so the pool carried all of it over one connection.
    expect(client.connections()).toBe(1);
  });

  it('answers an oversize pipeline API body with 413 and keeps serving the next request', async () => {
    h = await startApiHarness();
    client = pooledClient(h.url);
    const big = await client.send('/api/v1/releases', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${PAYMENTS_TOKEN}` },
      body: FIVE_MB,
    });
    expect(big.error).toBeUndefined();
    expect(big.status).toBe(413);
    expect(await client.send('/health')).toMatchObject({ status: 200 });
    expect(
      (await client.send('/api/v1/releases/nope', { headers: { authorization: `Bearer ${PAYMENTS_TOKEN}` } }))
        .status,
    ).toBe(404);
  });
});

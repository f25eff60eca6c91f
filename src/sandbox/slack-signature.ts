import { createHmac } from 'node:crypto';

/** Slack's request signature headers: `v0=` + HMAC-SHA256(secret, `v0:{timestamp}:{raw body}`). */
export function signSlackRequest(body: string, secret: string, ts = Math.floor(Date.now() / 1000)) {
  const sig = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  return { 'x-slack-signature': sig, 'x-slack-request-timestamp': String(ts) };
}

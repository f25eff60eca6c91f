import { randomUUID } from 'node:crypto';
import type { OutboxRepo } from '../../db/repos/outbox-repo.js';
import type { SlackMessage, SlackPoster } from '../ports.js';
import type { OutboxMessage } from './message.js';

/**
 * Fixed-content Slack writes (replies, announcements, files) as outbox rows. Each call only writes a row:
 * inside a transaction it commits with the change; outside, it is durable once its promise resolves.
 * Messages rendered from the database at send time use a renderer and `outbox.enqueue` instead.
 */
export function createOutboxWrites(outbox: OutboxRepo) {
  // A private file's bytes are rendered when the row is sent (a renderer), never stored as a payload.
  const put = (
    key: string,
    channel: string,
    payload: Exclude<OutboxMessage, { kind: 'file' }>,
    notifyUser?: string,
  ) =>
    outbox.enqueue({
      key,
      kind: payload.kind,
      channel,
      payload: payload as unknown as Record<string, unknown>,
      ...(notifyUser ? { notifyUser } : {}),
    });
  return {
    /** `key` makes it idempotent (e.g. an announcement per release and status); one-off otherwise. */
    async post(msg: SlackMessage, o: { key?: string; notifyUser?: string } = {}): Promise<void> {
      await put(o.key ?? `post:${randomUUID()}`, msg.channel, { kind: 'post', ...msg }, o.notifyUser);
    },
    async ephemeral(msg: Parameters<SlackPoster['ephemeral']>[0]): Promise<void> {
      await put(`ephemeral:${randomUUID()}`, msg.channel, { kind: 'ephemeral', ...msg });
    },
    /** Coalesced per message: only the latest content of a message still waiting is sent. */
    async update(msg: Parameters<SlackPoster['update']>[0]): Promise<void> {
      await put(`update:${msg.channel}:${msg.ts}`, msg.channel, { kind: 'update', ...msg });
    },
    async upload(msg: Parameters<NonNullable<SlackPoster['upload']>>[0]): Promise<void> {
      await put(`upload:${randomUUID()}`, msg.channel, { kind: 'upload', ...msg });
    },
  };
}
export type OutboxWrites = ReturnType<typeof createOutboxWrites>;

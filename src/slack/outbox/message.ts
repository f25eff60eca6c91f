import type { Block, EphemeralMessage, UpdateMessage, UploadMessage } from '../ports.js';
import type { PrivateFile } from './upload-file.js';

/** What one outbox row sends: rendered from the database at send time, or stored as the row's payload. */
export type OutboxMessage =
  | { kind: 'post'; channel: string; text: string; blocks?: Block[]; threadTs?: string | undefined }
  | ({ kind: 'update' } & UpdateMessage)
  | ({ kind: 'ephemeral' } & EphemeralMessage)
  | ({ kind: 'upload' } & UploadMessage)
  /** A file uploaded without sharing it (private to the app), for image blocks; sent on 'upload' rows. */
  | ({ kind: 'file' } & PrivateFile)
  | { kind: 'publish'; user: string; view: Record<string, unknown> };

/**
 * Renders rows that name it, from the database, when they are sent (so many marks of one message become
 * one write showing the latest state). `undefined` means there is nothing to send any more (the row goes).
 * Every hook may read or write the database, so each answers a promise; only `render` may call Slack.
 */
export interface OutboxRenderer {
  /** May read Slack (e.g. a permalink) before answering; it must not write. Runs outside any transaction. */
  render(ref: string): Promise<OutboxMessage | undefined>;
  /**
   * Runs in the transaction that removes a delivered row: store the message's ts here (a post), or the file
   * id (a private file upload). Database work only: the transaction waits for it.
   */
  posted?(ref: string, ts: string): Promise<void>;
  /** Runs in the transaction that records any delivered row, with what was sent. Database work only. */
  delivered?(ref: string, msg: OutboxMessage): Promise<void>;
  /**
   * Slack refused the write for good (`invalid_blocks`, …) and the row was marked failed: a chance to send
   * something Slack will take instead (e.g. a message without the image it refused).
   */
  failed?(ref: string, error: string): Promise<void>;
  /** A few words naming what could not be posted, for the hint to the person who asked for it. */
  describe?(ref: string): Promise<string | undefined>;
}

/** Message metadata on every post, so a post whose fate a crash made unknown can be found again. */
export const OUTBOX_EVENT_TYPE = 'deploy_check_outbox';

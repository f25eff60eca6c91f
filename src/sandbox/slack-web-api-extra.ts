import { blockKitErrors } from './block-kit-limits.js';
import type { ResponseTarget } from './slack-interactivity.js';
import type { FakeMessage } from './slack-web-api.js';

type Json = Record<string, unknown>;

/** An ephemeral message: only `user` sees it, in a channel or a thread, until they dismiss it. */
export interface EphemeralMessage {
  ts: string;
  user: string;
  channel: string;
  threadTs: string | undefined;
  text: string;
  blocks: Json[];
}

/** A modal open in one person's client. `hash` changes on every update, as Slack's does. */
export interface OpenView {
  id: string;
  hash: string;
  user: string;
  view: Json;
}

interface MethodContext {
  messages: Map<string, FakeMessage>;
  openViews: Map<string, OpenView>;
  users: ReadonlyMap<string, { name: string; realName: string }> | undefined;
  checkBlocks: (blocks: unknown, surface?: 'message' | 'modal') => Json | undefined;
  changed: () => void;
  botUserId: string;
}

/**
 * Web API methods beyond the ones every test needs: modal updates, conversations.info and users.info.
 * Returns undefined for a method it does not know (the caller answers `unknown_method`).
 */
export function extraMethod(method: string, a: Json, ctx: MethodContext): Json | undefined {
  switch (method) {
    case 'views.update': {
      const open = a.view_id
        ? ctx.openViews.get(String(a.view_id))
        : [...ctx.openViews.values()].find((v) => v.view.external_id === a.external_id);
      if (!open) return { ok: false, error: 'not_found' };
      if (a.hash && a.hash !== open.hash) return { ok: false, error: 'hash_conflict' };
      const view = a.view as Json;
      const bad = ctx.checkBlocks(view?.blocks, 'modal');
      if (bad) return bad;
      open.view = view;
      open.hash = `${Date.now()}.${open.id}`;
      ctx.changed();
      return { ok: true, view: { id: open.id, hash: open.hash, ...view } };
    }
    case 'conversations.info':
      return { ok: true, channel: { id: String(a.channel), is_channel: true, is_member: true } };
    case 'users.info': {
      const u = ctx.users?.get(String(a.user));
      return u
        ? { ok: true, user: { id: String(a.user), name: u.name, real_name: u.realName } }
        : { ok: false, error: 'user_not_found' };
    }
    default:
      return undefined;
  }
}

/**
 * A post to a response_url: ephemeral to the person who acted (the default) or in the channel, as
 * Slack shows it. Returns Slack's plain-text error for a body it would refuse.
 */
export function respondTo(
  target: ResponseTarget,
  body: Json,
  ctx: {
    messages: Map<string, FakeMessage>;
    ephemeralMessages: EphemeralMessage[];
    nextTs: () => string;
    botUserId: string;
  },
): string | undefined {
  if (body.blocks !== undefined && blockKitErrors(body.blocks).length) return 'invalid_blocks';
  if (!body.text && !body.blocks) return 'no_text';
  const blocks = (body.blocks as Json[] | undefined) ?? [];
  const text = String(body.text ?? '');
  const ts = ctx.nextTs();
  if (body.response_type === 'in_channel') {
    ctx.messages.set(`${target.channel}/${ts}`, {
      channel: target.channel,
      ts,
      text,
      blocks,
      threadTs: target.threadTs,
      updates: 0,
      user: ctx.botUserId,
    });
    return undefined;
  }
  ctx.ephemeralMessages.push({
    ts,
    user: target.user,
    channel: target.channel,
    threadTs: target.threadTs,
    text,
    blocks,
  });
  return undefined;
}

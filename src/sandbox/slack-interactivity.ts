import { randomBytes } from 'node:crypto';

/** Where a response_url's messages go: the person who acted and the conversation they acted in. */
export interface ResponseTarget {
  user: string;
  channel: string;
  threadTs?: string | undefined;
}

// Slack: a trigger_id opens one view within 3 s; a response_url takes 5 posts within 30 minutes.
const TRIGGER_TTL_MS = 3_000;
const RESPONSE_URL_USES = 5;
const RESPONSE_URL_TTL_MS = 30 * 60_000;

export type TriggerCheck =
  | { ok: true; user: string }
  | { ok: false; error: 'invalid_trigger_id' | 'expired_trigger_id' | 'exchanged_trigger_id' };
export type ResponseUrlCheck = { ok: true; target: ResponseTarget } | { ok: false; error: string };

/**
 * The trigger_ids and response_urls Slack hands out with each interaction, with Slack's rules for them.
 * The local workspace issues them when it sends the bot a command or click, and enforces them when the
 * bot calls views.open or posts to a response_url.
 */
export function createInteractivity(now: () => number = Date.now) {
  const triggers = new Map<string, { user: string; at: number; used: boolean }>();
  const responseUrls = new Map<string, { target: ResponseTarget; at: number; uses: number }>();
  const token = () => randomBytes(9).toString('hex');
  const prune = () => {
    const t = now();
    for (const [k, v] of triggers) if (t - v.at > 60_000) triggers.delete(k);
    for (const [k, v] of responseUrls) if (t - v.at > RESPONSE_URL_TTL_MS) responseUrls.delete(k);
  };

  return {
    /** A trigger_id shaped like Slack's (`<digits>.<digits>.<hex>`), valid for one views.open within 3 s. */
    issueTrigger(user: string): string {
      prune();
      const at = now();
      const id = `${Math.floor(at / 1000)}.${String(at % 1000).padStart(4, '0')}.${token()}`;
      triggers.set(id, { user, at, used: false });
      return id;
    },
    knowsTrigger: (id: string) => triggers.has(id),
    /** Exchanges a trigger_id for a view; a second exchange or a late one fails as on Slack. */
    consumeTrigger(id: string): TriggerCheck {
      const t = triggers.get(id);
      if (!t) return { ok: false, error: 'invalid_trigger_id' };
      if (t.used) return { ok: false, error: 'exchanged_trigger_id' };
      if (now() - t.at > TRIGGER_TTL_MS) return { ok: false, error: 'expired_trigger_id' };
      t.used = true;
      return { ok: true, user: t.user };
    },
    /** The token part of a response URL (`<base>/response/<token>`). */
    issueResponseToken(target: ResponseTarget): string {
      prune();
      const id = token();
      responseUrls.set(id, { target, at: now(), uses: 0 });
      return id;
    },
    knowsResponseToken: (id: string) => responseUrls.has(id),
    useResponseToken(id: string): ResponseUrlCheck {
      const r = responseUrls.get(id);
      if (!r || now() - r.at > RESPONSE_URL_TTL_MS) return { ok: false, error: 'expired_url' };
      if (r.uses >= RESPONSE_URL_USES) return { ok: false, error: 'used_url' };
      r.uses++;
      return { ok: true, target: r.target };
    },
  };
}
export type Interactivity = ReturnType<typeof createInteractivity>;

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { blockKitErrors } from './block-kit-limits.js';
import { imageMime, slackFileErrors } from './slack-file-rules.js';
import { createInteractivity, type Interactivity } from './slack-interactivity.js';
import { type EphemeralMessage, extraMethod, type OpenView, respondTo } from './slack-web-api-extra.js';

export interface FakeMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: Record<string, unknown>[];
  threadTs: string | undefined;
  updates: number;
  /** Who posted it: the bot's user id for the bot's messages, a person's for messages typed in the sandbox. */
  user?: string;
  /** Message metadata as chat.postMessage received it (returned by history/replies with include_all_metadata). */
  metadata?: Record<string, unknown> | undefined;
}
export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  at: number;
  status: number;
  error?: string;
}

/**
 * A small local server that answers like Slack's Web API (https://slack.com/api/<method>), keeps the
 * messages it was sent, and rejects Block Kit that breaks Slack's limits with `invalid_blocks`.
 * Failures can be injected per method (429 with Retry-After, 500, or a Slack error).
 */
export interface FakeSlack {
  apiUrl: string;
  url: string;
  calls: ApiCall[];
  messages: Map<string, FakeMessage>;
  responses: { path: string; body: Record<string, unknown> }[];
  views: Record<string, unknown>[];
  /** Time zones users.info reports (users without one answer user_not_found). */
  userTimeZones: Map<string, string>;
  /** The Home view last published for each user (views.publish). */
  homes: Map<string, Record<string, unknown>>;
  usergroups: Map<string, string[]>;
  /** Files shared through the files.getUploadURLExternal → upload → files.completeUploadExternal flow. */
  files: {
    id: string;
    filename: string;
    content: string;
    /** The uploaded bytes (content is their UTF-8 reading, for text files). */
    bytes?: Buffer;
    /** Who asked for the upload URL (the bot's user id): only they may show it with `slack_file`. */
    owner?: string;
    channel?: string;
    threadTs?: string;
    comment?: string;
    shared: boolean;
    at: number;
  }[];
  /** Failures to serve for the next calls of a method (or `upload`: the upload URL), in order. */
  failNext(
    method: string,
    ...failures: ({ status: 429; retryAfter: number } | { status: 500 } | { error: string })[]
  ): void;
  /** Refuse every image block naming a file (`invalid_blocks`), as Slack does for a file it cannot show. */
  refuseSlackFiles(on: boolean): void;
  /** Delay every answer (simulates a slow Slack). */
  setLatency(ms: number): void;
  /** Act on calls of `method` (or `upload`: the upload URL) at once but answer them `ms` later (0 lifts it). */
  delayAnswers(method: string, ms: number): void;
  /** Every Web API method answers HTTP 503 for the next `ms` milliseconds (an outage). */
  outage(ms: number): void;
  /** The bot joins a channel it was not in (channels starting with CNOTIN, or listed in `absentFrom`). */
  invite(channel: string): void;
  /** Enforce Slack's chat.postMessage limit per channel (429 + Retry-After beyond it); undefined lifts it. */
  limitPosts(limit: { perSecond: number; burst?: number } | undefined): void;
  thread(channel: string, threadTs: string): FakeMessage[];
  channelMessages(channel: string): FakeMessage[];
  ephemerals(): Record<string, unknown>[];
  /** Ephemeral messages as each person sees them (chat.postEphemeral and response_url posts). */
  ephemeralMessages: EphemeralMessage[];
  /** Modals open in someone's client, by view id. */
  openViews: Map<string, OpenView>;
  /** Channels of the workspace; when set, posting anywhere else answers `channel_not_found`. */
  channels: Map<string, { id: string; name: string }>;
  /** trigger_ids and response_urls handed out with interactions. */
  interactivity: Interactivity;
  /** Calls `listener` after every change a person would see; returns the unsubscribe function. */
  onChange(listener: () => void): () => void;
  /** Tells listeners about a change made outside the Web API (a message typed by a person, a closed modal). */
  changed(): void;
  /** The HTTP handler, for mounting the Web API on another server (the sandbox serves it on its own port). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** The origin upload and response URLs point at. */
  setBaseUrl(url: string): void;
  close(): Promise<void>;
}
export type { EphemeralMessage, OpenView };

let lastMicros = 0;
/** Message timestamps as Slack makes them (epoch seconds, six decimals), unique and increasing. */
export const slackTs = () => {
  lastMicros = Math.max(Date.now() * 1000, lastMicros + 1);
  return (lastMicros / 1e6).toFixed(6);
};

const readRaw = async (req: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};

const parseBody = (req: IncomingMessage, raw: string): Record<string, unknown> => {
  if ((req.headers['content-type'] ?? '').includes('application/json')) return raw ? JSON.parse(raw) : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    try {
      out[k] = v.startsWith('[') || v.startsWith('{') ? JSON.parse(v) : v;
    } catch {
      out[k] = v;
    }
  }
  return out;
};

export interface FakeSlackOptions {
  token?: string;
  botUserId?: string;
  /** Slack-like per-method limits: more calls than this within a minute answer 429. */
  ratePerMinute?: Record<string, number>;
  /** Channels the bot is not a member of besides those starting with CNOTIN (until invite()). */
  absentFrom?: string[];
  /** Accept only trigger_ids this workspace issued (once, within 3 s), as Slack does. Off for tests that make up their own. */
  verifyTriggers?: boolean;
  /** People of the workspace, for users.info. */
  users?: ReadonlyMap<string, { name: string; realName: string }>;
}

/** Starts the Web API on its own loopback port (tests). */
export async function startFakeSlack(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
  const fake = createFakeSlack(opts);
  const server: Server = createServer((req, res) => void fake.handle(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  fake.setBaseUrl(`http://127.0.0.1:${port}`);
  fake.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return fake;
}

export function createFakeSlack(opts: FakeSlackOptions = {}): FakeSlack {
  const token = opts.token ?? 'xoxb-test-token';
  const botUserId = opts.botUserId ?? 'UBOT';
  let seq = 0;
  let latency = 0;
  let downUntil = 0;
  let refuseFiles = false;
  const answerDelay: Record<string, number> = {};
  const calls: ApiCall[] = [];
  const messages = new Map<string, FakeMessage>();
  const responses: { path: string; body: Record<string, unknown> }[] = [];
  const views: Record<string, unknown>[] = [];
  const homes = new Map<string, Record<string, unknown>>();
  const userTimeZones = new Map<string, string>();
  const usergroups = new Map<string, string[]>();
  const files: FakeSlack['files'] = [];
  const ephemeralMessages: EphemeralMessage[] = [];
  const openViews = new Map<string, OpenView>();
  const channels = new Map<string, { id: string; name: string }>();
  const interactivity = createInteractivity();
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const l of listeners) l();
  };
  const nextTs = slackTs;
  let baseUrl = '';
  const failures = new Map<
    string,
    ({ status: 429; retryAfter: number } | { status: 500 } | { error: string })[]
  >();
  const key = (channel: string, ts: string) => `${channel}/${ts}`;
  const absent = new Set(opts.absentFrom ?? []);
  const joined = new Set<string>();
  const isMember = (channel: string) =>
    joined.has(channel) || !(channel.startsWith('CNOTIN') || absent.has(channel));
  let postLimit: { perSecond: number; burst: number } | undefined;
  const postBuckets = new Map<string, { tokens: number; at: number }>();
  /** Seconds to wait before the next post in this channel may go out, or 0 (and the post is counted). */
  const postWait = (channel: string): number => {
    if (!postLimit) return 0;
    const now = Date.now();
    const b = postBuckets.get(channel) ?? { tokens: postLimit.burst, at: now };
    b.tokens = Math.min(postLimit.burst, b.tokens + ((now - b.at) / 1000) * postLimit.perSecond);
    b.at = now;
    postBuckets.set(channel, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / postLimit.perSecond));
  };
  const withMetadata = (m: FakeMessage, include: boolean) => ({
    type: 'message',
    ts: m.ts,
    text: m.text,
    blocks: m.blocks,
    ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
    ...(include && m.metadata ? { metadata: m.metadata } : {}),
  });
  const truthy = (v: unknown) => v === true || v === 'true' || v === '1' || v === 1;

  const handle = (method: string, a: Record<string, unknown>): Record<string, unknown> => {
    const checkBlocks = (blocks: unknown, surface: 'message' | 'modal' | 'home' = 'message') => {
      if (blocks === undefined) return undefined;
      const errs = [
        ...blockKitErrors(blocks, surface),
        ...slackFileErrors(blocks, refuseFiles ? [] : files, botUserId),
      ];
      return errs.length
        ? {
            ok: false,
            error: 'invalid_blocks',
            errors: errs,
            response_metadata: { messages: errs.map((e) => `[ERROR] ${e}`) },
          }
        : undefined;
    };
    const unknownChannel = (channel: string) =>
      channels.size > 0 && !channels.has(channel) ? { ok: false, error: 'channel_not_found' } : undefined;
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          user_id: botUserId,
          bot_id: 'BBOT',
          team_id: 'T1',
          user: 'deploy-check',
        };
      case 'chat.postMessage': {
        const bad = checkBlocks(a.blocks);
        if (bad) return bad;
        if (typeof a.text === 'string' && a.text.length > 40000) return { ok: false, error: 'msg_too_long' };
        const channel = String(a.channel);
        if (!isMember(channel)) return { ok: false, error: 'not_in_channel' };
        const missing = unknownChannel(channel);
        if (missing) return missing;
        const ts = nextTs();
        const m: FakeMessage = {
          channel,
          ts,
          text: String(a.text ?? ''),
          blocks: (a.blocks as Record<string, unknown>[]) ?? [],
          threadTs: a.thread_ts ? String(a.thread_ts) : undefined,
          updates: 0,
          user: botUserId,
          metadata:
            a.metadata && typeof a.metadata === 'object'
              ? (a.metadata as Record<string, unknown>)
              : undefined,
        };
        messages.set(key(channel, ts), m);
        changed();
        return { ok: true, channel, ts, message: { text: m.text, blocks: m.blocks, ts, user: botUserId } };
      }
      case 'chat.update': {
        const bad = checkBlocks(a.blocks);
        if (bad) return bad;
        if (typeof a.text === 'string' && a.text.length > 4000) return { ok: false, error: 'msg_too_long' };
        const m = messages.get(key(String(a.channel), String(a.ts)));
        if (!m) return { ok: false, error: 'message_not_found' };
        m.text = String(a.text ?? m.text);
        if (a.blocks) m.blocks = a.blocks as Record<string, unknown>[];
        m.updates++;
        changed();
        return { ok: true, channel: m.channel, ts: m.ts };
      }
      case 'chat.postEphemeral': {
        const bad = checkBlocks(a.blocks);
        if (bad) return bad;
        const missing = unknownChannel(String(a.channel));
        if (missing) return missing;
        if (!isMember(String(a.channel))) return { ok: false, error: 'not_in_channel' };
        if (!a.user) return { ok: false, error: 'user_not_found' };
        const ts = nextTs();
        ephemeralMessages.push({
          ts,
          user: String(a.user),
          channel: String(a.channel),
          threadTs: a.thread_ts ? String(a.thread_ts) : undefined,
          text: String(a.text ?? ''),
          blocks: (a.blocks as Record<string, unknown>[]) ?? [],
        });
        changed();
        return { ok: true, message_ts: ts };
      }
      case 'conversations.history': {
        const channel = String(a.channel);
        if (!isMember(channel)) return { ok: false, error: 'not_in_channel' };
        const oldest = Number(a.oldest ?? 0);
        const top = [...messages.values()]
          .filter(
            (m) => m.channel === channel && (!m.threadTs || m.threadTs === m.ts) && Number(m.ts) >= oldest,
          )
          .sort((x, y) => Number(y.ts) - Number(x.ts))
          .slice(0, Number(a.limit ?? 100));
        return {
          ok: true,
          messages: top.map((m) => withMetadata(m, truthy(a.include_all_metadata))),
          has_more: false,
        };
      }
      case 'conversations.replies': {
        const channel = String(a.channel);
        if (!isMember(channel)) return { ok: false, error: 'not_in_channel' };
        const parent = messages.get(key(channel, String(a.ts)));
        if (!parent) return { ok: false, error: 'thread_not_found' };
        const replies = [...messages.values()]
          .filter((m) => m.channel === channel && m.threadTs === parent.ts)
          .sort((x, y) => Number(x.ts) - Number(y.ts));
        return {
          ok: true,
          messages: [parent, ...replies].map((m) => withMetadata(m, truthy(a.include_all_metadata))),
          has_more: false,
        };
      }
      case 'chat.getPermalink':
        return {
          ok: true,
          permalink: `https://example.slack.com/archives/${String(a.channel)}/p${String(a.message_ts).replace('.', '')}`,
        };
      case 'views.open': {
        const view = a.view as Record<string, unknown>;
        let user = 'U0UNKNOWN';
        if (opts.verifyTriggers || interactivity.knowsTrigger(String(a.trigger_id))) {
          const t = interactivity.consumeTrigger(String(a.trigger_id));
          if (!t.ok) return t;
          user = t.user;
        }
        const bad = checkBlocks(view?.blocks, 'modal');
        if (bad) return bad;
        const title = String((view?.title as Record<string, unknown>)?.text ?? '');
        if (title.length > 24)
          return { ok: false, error: 'invalid_arguments', detail: 'title longer than 24' };
        if (typeof view?.private_metadata === 'string' && view.private_metadata.length > 3000)
          return { ok: false, error: 'invalid_arguments', detail: 'private_metadata longer than 3000' };
        views.push(view);
        const opened: OpenView = { id: `V${++seq}`, hash: `${Date.now()}.${seq}`, user, view };
        openViews.set(opened.id, opened);
        changed();
        return { ok: true, view: { id: opened.id, hash: opened.hash, ...view, state: { values: {} } } };
      }
      case 'views.publish': {
        const view = a.view as Record<string, unknown> | undefined;
        if (typeof a.user_id !== 'string' || !a.user_id) return { ok: false, error: 'invalid_arguments' };
        if (view?.type !== 'home')
          return { ok: false, error: 'invalid_arguments', detail: 'view.type must be home' };
        const bad = checkBlocks(view.blocks, 'home');
        if (bad) return bad;
        if (typeof view.private_metadata === 'string' && view.private_metadata.length > 3000)
          return { ok: false, error: 'invalid_arguments', detail: 'private_metadata longer than 3000' };
        homes.set(a.user_id, view);
        changed();
        return { ok: true, view: { id: `V${++seq}`, ...view } };
      }
      case 'users.info': {
        const tz = userTimeZones.get(String(a.user));
        return tz ? { ok: true, user: { id: String(a.user), tz } } : { ok: false, error: 'user_not_found' };
      }
      case 'conversations.open': {
        const users = String(a.users ?? '');
        if (!/^[UW][A-Z0-9]+$/.test(users)) return { ok: false, error: 'user_not_found' };
        return { ok: true, channel: { id: `D${users}` } };
      }
      case 'files.getUploadURLExternal': {
        const id = `F${++seq}`;
        files.push({
          id,
          filename: String(a.filename),
          content: '',
          shared: false,
          owner: botUserId,
          at: Date.now(),
        });
        return { ok: true, file_id: id, upload_url: `${baseUrl}/upload/${id}` };
      }
      case 'files.completeUploadExternal': {
        for (const f of (a.files as { id: string }[]) ?? []) {
          const file = files.find((x) => x.id === f.id);
          if (!file) return { ok: false, error: 'file_not_found' };
          file.shared = true;
          if (a.channel_id) file.channel = String(a.channel_id);
          if (a.thread_ts) file.threadTs = String(a.thread_ts);
          if (a.initial_comment) file.comment = String(a.initial_comment);
        }
        changed();
        return { ok: true, files: a.files };
      }
      case 'files.info': {
        const file = files.find((f) => f.id === a.file);
        if (!file) return { ok: false, error: 'file_not_found' };
        // Slack fills in the type once the upload is complete and processed.
        const mimetype = file.shared ? (imageMime(file.bytes) ?? 'text/plain') : '';
        return { ok: true, file: { id: file.id, name: file.filename, mimetype } };
      }
      case 'usergroups.users.list': {
        const users = usergroups.get(String(a.usergroup));
        return users ? { ok: true, users } : { ok: false, error: 'no_such_subteam' };
      }
      default:
        return (
          extraMethod(method, a, {
            messages,
            openViews,
            users: opts.users,
            checkBlocks,
            changed,
            botUserId,
          }) ?? {
            ok: false,
            error: 'unknown_method',
            req_method: method,
          }
        );
    }
  };

  const handleHttp = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://x');
    const bytes = await readRaw(req);
    const raw = bytes.toString('utf8');
    const body = url.pathname.startsWith('/upload/') ? {} : parseBody(req, raw);
    if (latency) await new Promise((r) => setTimeout(r, latency));
    if (url.pathname.startsWith('/upload/')) {
      const failure = failures.get('upload')?.shift();
      if (failure) {
        res.writeHead('status' in failure ? failure.status : 500).end('upload failed');
        return;
      }
      if (answerDelay.upload) await new Promise((r) => setTimeout(r, answerDelay.upload));
      const file = files.find((f) => f.id === url.pathname.slice('/upload/'.length));
      if (file) {
        file.content = raw;
        file.bytes = bytes;
      }
      res.writeHead(file ? 200 : 404).end(file ? 'OK' : 'not found');
      return;
    }
    if (url.pathname.startsWith('/response/')) {
      const id = url.pathname.slice('/response/'.length);
      // URLs the tests make up are only recorded; ones this workspace issued follow Slack's rules.
      if (interactivity.knowsResponseToken(id)) {
        const use = interactivity.useResponseToken(id);
        if (!use.ok) {
          res.writeHead(404, { 'content-type': 'text/plain' }).end(use.error);
          return;
        }
        const bad = respondTo(use.target, body, { messages, ephemeralMessages, nextTs, botUserId });
        if (bad) {
          res.writeHead(400, { 'content-type': 'text/plain' }).end(bad);
          return;
        }
        changed();
      }
      responses.push({ path: url.pathname, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      return;
    }
    const method = url.pathname.replace(/^\/api\//, '');
    const send = (status: number, payload: Record<string, unknown>, headers: Record<string, string> = {}) => {
      calls.push({
        method,
        args: body,
        at: Date.now(),
        status,
        ...(payload.error ? { error: String(payload.error) } : {}),
      });
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(payload));
    };
    const auth = req.headers.authorization ?? (body.token ? `Bearer ${String(body.token)}` : '');
    if (!auth) return send(200, { ok: false, error: 'not_authed' });
    if (auth !== `Bearer ${token}`) return send(200, { ok: false, error: 'invalid_auth' });
    if (Date.now() < downUntil) return send(503, { ok: false, error: 'service_unavailable' });
    const limit = opts.ratePerMinute?.[method];
    if (limit !== undefined) {
      const now = Date.now();
      const recent = calls.filter(
        (c) => c.method === method && c.status === 200 && now - c.at < 60_000,
      ).length;
      if (recent >= limit) return send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': '1' });
    }
    if (method === 'chat.postMessage' && typeof body.channel === 'string' && isMember(body.channel)) {
      const wait = postWait(body.channel);
      if (wait) return send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(wait) });
    }
    const f = failures.get(method)?.shift();
    if (f && 'status' in f && f.status === 429)
      return send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(f.retryAfter) });
    if (f && 'status' in f) return send(500, { ok: false, error: 'internal_error' });
    if (f && 'error' in f) return send(200, { ok: false, error: f.error });
    const result = handle(method, body);
    // The call took effect; only its answer is late (what a crash mid-request looks like to the caller).
    if (answerDelay[method]) await new Promise((r) => setTimeout(r, answerDelay[method]));
    send(200, result);
  };
  const all = () => [...messages.values()];
  return {
    get apiUrl() {
      return `${baseUrl}/api/`;
    },
    get url() {
      return baseUrl;
    },
    calls,
    messages,
    files,
    responses,
    views,
    homes,
    userTimeZones,
    usergroups,
    ephemeralMessages,
    openViews,
    channels,
    interactivity,
    failNext(method, ...f) {
      failures.set(method, [...(failures.get(method) ?? []), ...f]);
    },
    refuseSlackFiles(on) {
      refuseFiles = on;
    },
    setLatency(ms) {
      latency = ms;
    },
    delayAnswers(method, ms) {
      answerDelay[method] = ms;
    },
    outage(ms) {
      downUntil = Date.now() + ms;
    },
    invite(channel) {
      joined.add(channel);
    },
    limitPosts(limit) {
      postLimit = limit ? { perSecond: limit.perSecond, burst: limit.burst ?? 1 } : undefined;
      postBuckets.clear();
    },
    thread: (channel, threadTs) => all().filter((m) => m.channel === channel && m.threadTs === threadTs),
    channelMessages: (channel) => all().filter((m) => m.channel === channel),
    ephemerals: () =>
      calls
        .filter((c) => c.method === 'chat.postEphemeral' && c.status === 200 && !c.error)
        .map((c) => c.args),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    changed,
    handle: handleHttp,
    setBaseUrl(url) {
      baseUrl = url.replace(/\/$/, '');
    },
    close: async () => {},
  };
}

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, count, eq, lte } from 'drizzle-orm';
import { type Bot, type BotOptions, createBot } from '../../src/bot.js';
import type { Clock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { outbox } from '../../src/db/schema.js';
import { createLogger } from '../../src/logger.js';
import { signSlackRequest } from '../../src/sandbox/slack-signature.js';
import { type FakeMessage, type FakeSlack, startFakeSlack } from '../../src/sandbox/slack-web-api.js';
import { testDatabaseTarget, testEngine } from './db.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-test-token';

export const sign = (body: string, secret = SIGNING_SECRET, ts = Math.floor(Date.now() / 1000)) =>
  signSlackRequest(body, secret, ts);

export interface Harness {
  bot: Bot;
  fake: FakeSlack;
  url: string;
  dir: string;
  /** POSTs a form body to /slack/events, correctly signed unless told otherwise. */
  post(
    body: string,
    headers?: Record<string, string>,
  ): Promise<{ status: number; text: string; json(): Record<string, unknown> }>;
  command(
    text: string,
    opts?: { user?: string; channel?: string; userName?: string; triggerId?: string },
  ): Promise<{ status: number; text: string; json(): Record<string, unknown> }>;
  /** Sends a signed Events API `event_callback` (JSON body) carrying `event`. */
  event(event: Record<string, unknown>): Promise<{ status: number; text: string }>;
  /** The bot is invited to `channel`: the fake Slack lets it post there and Slack sends member_joined_channel. */
  invite(channel: string, botUserId?: string): Promise<{ status: number; text: string }>;
  /** `user` opens the bot's App Home tab: a signed `app_home_opened` event. */
  openHome(user: string, tab?: 'home' | 'messages'): Promise<{ status: number; text: string }>;
  /** A click on a button of the Home view last published for `user`. */
  clickHome(user: string, actionId: string, value: string): Promise<{ status: number; text: string }>;
  /** Sends a block_actions payload as Slack would for a click on `message` (the client's view of it). */
  interact(payload: Record<string, unknown>): Promise<{ status: number; text: string }>;
  click(
    message: FakeMessage,
    user: string,
    actionId: string,
    blockId: string,
    value: string,
  ): Promise<{ status: number; text: string }>;
  tick(
    view: FakeMessage,
    user: string,
    blockId: string,
    selected: string[],
  ): Promise<{ status: number; text: string }>;
  /** Waits until pending Slack updates are sent. */
  settle(): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

const fast = { perMinute: 60_000, burst: 1000 };
/** Slack's limits lifted, for tests that are not about pacing. */
export const FAST_PACING = { post: fast, update: fast, ephemeral: fast, publish: fast, upload: fast };

let seq = 0;
export const nextTrigger = () => `trig-${Date.now()}-${++seq}`;

export async function startHarness(
  opts: {
    configYaml?: string;
    clock?: Clock;
    env?: Record<string, string>;
    dir?: string;
    fake?: FakeSlack;
    /** Least time between two Home publishes for one person caused by changes elsewhere (default 0). */
    homeMinGapMs?: number;
    /** Outbox timing; defaults are fast so tests are not paced by Slack's real limits. */
    outbox?: BotOptions['outbox'];
    /** Collect the bot's JSON log lines (level info) instead of discarding them. */
    logLines?: string[];
  } = {},
): Promise<Harness> {
  const fake = opts.fake ?? (await startFakeSlack({ token: BOT_TOKEN }));
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'deploy-check-e2e-'));
  const configPath = join(dir, 'deploy-check.yml');
  writeFileSync(configPath, opts.configYaml ?? 'timezone: UTC\n');
  // In the postgres test project the bot runs on a Postgres database of its own (the same one for every
  // harness over one `dir`, as the SQLite file there would be).
  const database = await harnessDatabase(dir, !!opts.dir, opts.env);
  const env = {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    DATABASE_PATH: join(dir, 'deploy-check.sqlite'),
    DEPLOY_CHECK_CONFIG: configPath,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    ...database.env,
    ...opts.env,
  };
  let bot: Bot;
  let url = '';
  const authTests = () => fake.calls.filter((c) => c.method === 'auth.test').length;
  const boot = async () => {
    const authBefore = authTests();
    const config = loadConfig(env);
    bot = await createBot(config, {
      logger: opts.logLines
        ? createLogger({
            level: 'info',
            destination: { write: (line: string) => void opts.logLines!.push(line) },
          })
        : createLogger({ level: 'silent' }),
      outbox: { pacing: FAST_PACING, retryBaseMs: 50, ...opts.outbox },
      homeMinGapMs: opts.homeMinGapMs ?? 0,
      ...(opts.clock ? { clock: opts.clock } : {}),
    });
    const server = await bot.start(0);
    // Bolt checks its token (auth.test) once, at construction: a test that takes Slack down right after
    // start must not catch that first call, which a long-running bot made long ago.
    for (let i = 0; i < 200 && authTests() === authBefore; i++) await new Promise((r) => setTimeout(r, 10));
    url = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  };
  await boot();
  const post = async (body: string, headers?: Record<string, string>) => {
    const res = await fetch(`${url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(headers ?? sign(body)) },
      body,
    });
    const text = await res.text();
    return { status: res.status, text, json: () => (text ? JSON.parse(text) : {}) };
  };
  const event = async (ev: Record<string, unknown>) => {
    const body = JSON.stringify({
      token: 'legacy',
      team_id: 'T1',
      api_app_id: 'A1',
      type: 'event_callback',
      event_id: `Ev${Date.now()}${++seq}`,
      event_time: Math.floor(Date.now() / 1000),
      event: { event_ts: `${Date.now() / 1000}`, ...ev },
    });
    const res = await fetch(`${url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...sign(body) },
      body,
    });
    return { status: res.status, text: await res.text() };
  };
  const interact = (payload: Record<string, unknown>) =>
    post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
  const actionPayload = (message: FakeMessage, user: string, action: Record<string, unknown>) => ({
    type: 'block_actions',
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy',
    container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: false },
    trigger_id: nextTrigger(),
    team: { id: 'T1', domain: 'test' },
    channel: { id: message.channel, name: 'releases' },
    message: {
      type: 'message',
      ts: message.ts,
      text: message.text,
      blocks: structuredClone(message.blocks),
      ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
    },
    response_url: `${fake.url}/response/${seq}`,
    actions: [{ ...action, action_ts: `${Date.now() / 1000}${++seq}` }],
  });
  return {
    get bot() {
      return bot;
    },
    fake,
    get url() {
      return url;
    },
    dir,
    post,
    command: (text, o = {}) =>
      post(
        new URLSearchParams({
          token: 'legacy',
          team_id: 'T1',
          team_domain: 'test',
          channel_id: o.channel ?? 'CREL',
          channel_name: 'releases',
          user_id: o.user ?? 'UOWNER',
          user_name: o.userName ?? (o.user ?? 'UOWNER').toLowerCase(),
          command: '/deploy-check',
          text,
          api_app_id: 'A1',
          response_url: `${fake.url}/response/cmd-${++seq}`,
          trigger_id: o.triggerId ?? nextTrigger(),
        }).toString(),
      ),
    interact,
    event,
    invite: (channel, botUserId = 'UBOT') => {
      fake.invite(channel);
      return event({
        type: 'member_joined_channel',
        user: botUserId,
        channel,
        channel_type: 'C',
        team: 'T1',
      });
    },
    openHome: (user, tab = 'home') =>
      event({ type: 'app_home_opened', user, channel: `D${user}`, tab, view: fake.homes.get(user) }),
    clickHome: (user, actionId, value) => {
      const view = fake.homes.get(user);
      if (!view) throw new Error(`no Home published for ${user}`);
      return interact({
        type: 'block_actions',
        user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: 'T1' },
        api_app_id: 'A1',
        token: 'legacy',
        container: { type: 'view', view_id: 'VHOME' },
        trigger_id: nextTrigger(),
        team: { id: 'T1', domain: 'test' },
        view: { id: `VHOME-${user}`, hash: `${Date.now()}.${++seq}`, ...structuredClone(view) },
        actions: [
          {
            type: 'button',
            action_id: actionId,
            block_id: 'b',
            value,
            text: { type: 'plain_text', text: 'x' },
            action_ts: `${Date.now() / 1000}${++seq}`,
          },
        ],
      });
    },
    click: (message, user, actionId, blockId, value) =>
      interact(
        actionPayload(message, user, {
          type: 'button',
          action_id: actionId,
          block_id: blockId,
          value,
          text: { type: 'plain_text', text: 'x' },
        }),
      ),
    tick: (view, user, blockId, selected) => {
      const block = view.blocks.find((b) => b.block_id === blockId) as
        | { elements: { action_id: string; options: { value: string }[] }[] }
        | undefined;
      if (!block) throw new Error(`no block ${blockId} in the view`);
      const el = block.elements.find((e) => e.action_id === 'item_toggle')!;
      const selected_options = el.options.filter((o) => selected.includes(o.value));
      return interact(
        actionPayload(view, user, {
          type: 'checkboxes',
          action_id: 'item_toggle',
          block_id: blockId,
          selected_options,
        }),
      );
    },
    settle: async () => {
      // Work continues after the ack; wait until Slack has seen no new call for a moment and updates are sent.
      // On Postgres a send's reads are real I/O, so a quiet moment alone can come before the dispatcher's
      // next send: rows already due must be gone too.
      let last = -1;
      const duePending = async () =>
        (
          await bot.database.db
            .select({ n: count() })
            .from(outbox)
            .where(and(eq(outbox.status, 'pending'), lte(outbox.dueAt, Date.now())))
            .get()
        )?.n ?? 0;
      for (
        let i = 0;
        i < 400 && (last !== fake.calls.length || bot.inflight() > 0 || (await duePending()) > 0);
        i++
      ) {
        last = fake.calls.length;
        await new Promise((r) => setTimeout(r, 40));
        await bot.settled();
        await bot.outbox.idle();
      }
    },
    async restart() {
      await bot.stop();
      await boot();
    },
    async close() {
      await bot.stop().catch(() => {});
      if (!opts.fake) await fake.close();
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
      await database.release();
    },
  };
}

const sharedDatabases = new Map<string, Promise<Record<string, string>>>();
/**
 * The database env of a harness: nothing on SQLite (DATABASE_PATH in `dir`); on Postgres a fresh database,
 * shared by the harnesses given the same `dir` (kept until the run's end, since a later one may reopen it).
 */
async function harnessDatabase(dir: string, shared: boolean, env: Record<string, string> | undefined) {
  if (testEngine() !== 'postgres' || env?.DATABASE_PATH || env?.DATABASE_URL)
    return { env: {}, release: async () => undefined };
  if (shared) {
    let db = sharedDatabases.get(dir);
    if (!db) {
      db = testDatabaseTarget().then((t) => t.env);
      sharedDatabases.set(dir, db);
    }
    return { env: await db, release: async () => undefined };
  }
  const t = await testDatabaseTarget();
  return { env: t.env, release: () => t.cleanup() };
}

/** Thread helpers over the fake Slack's stored messages. */
export function releaseThread(fake: FakeSlack, channel = 'CREL') {
  const parent = fake.channelMessages(channel).find((m) => !m.threadTs && m.text.startsWith('Release '));
  if (!parent) throw new Error('no release parent message posted');
  const replies = fake.thread(channel, parent.ts);
  const section = (title: string) => {
    const m = replies.find((r) => (r.blocks[0] as { text?: { text?: string } })?.text?.text?.includes(title));
    if (!m) throw new Error(`no section message "${title}"`);
    return m;
  };
  return { parent, replies, section };
}

export const optionsOf = (message: FakeMessage, blockId: string) => {
  const block = message.blocks.find((b) => b.block_id === blockId) as
    | {
        elements: {
          action_id: string;
          options: { value: string; description?: { text: string }; text: { text: string } }[];
          initial_options?: { value: string }[];
        }[];
      }
    | undefined;
  const el = block?.elements.find((e) => e.action_id === 'item_toggle');
  return { options: el?.options ?? [], selected: (el?.initial_options ?? []).map((o) => o.value) };
};

/** A signed-ready form body for `/deploy-check <text>`. */
export const commandBody = (
  text: string,
  o: { user?: string; channel?: string; responseUrl?: string } = {},
) =>
  new URLSearchParams({
    command: '/deploy-check',
    text,
    user_id: o.user ?? 'UO',
    user_name: (o.user ?? 'UO').toLowerCase(),
    channel_id: o.channel ?? 'CREL',
    team_id: 'T1',
    trigger_id: nextTrigger(),
    response_url: o.responseUrl ?? 'http://127.0.0.1:9/response/none',
  }).toString();

/** The block_actions payload a checkbox click on `message` (as this client rendered it) produces. */
export const checkboxPayload = (message: FakeMessage, user: string, blockId: string, values: string[]) => ({
  type: 'block_actions',
  user: { id: user, username: user.toLowerCase(), name: user.toLowerCase() },
  trigger_id: nextTrigger(),
  channel: { id: message.channel },
  message: { type: 'message', ts: message.ts, thread_ts: message.threadTs, blocks: message.blocks },
  actions: [
    {
      type: 'checkboxes',
      action_id: 'item_toggle',
      block_id: blockId,
      selected_options: values.map((value) => ({ value })),
      action_ts: nextTrigger(),
    },
  ],
});

/** Every checkbox option in a release thread, with the message and block it sits in. */
export const clickTargets = (fake: FakeSlack, channel: string, parentTs: string) =>
  fake.thread(channel, parentTs).flatMap((m) =>
    m.blocks
      .filter((b) => String(b.block_id).startsWith('g|'))
      .flatMap((b) =>
        optionsOf(m, String(b.block_id)).options.map((o) => ({
          m,
          blockId: String(b.block_id),
          value: o.value,
        })),
      ),
  );

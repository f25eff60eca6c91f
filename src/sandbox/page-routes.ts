import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { CHECKLISTS, type ChecklistSwitch } from './checklist-switch.js';
import { type DemoService, SWITCH_NAMES } from './demo-service.js';
import { SANDBOX_CHANNEL, SANDBOX_PEOPLE } from './sandbox-people.js';
import type { DeliveryResult, SlackDelivery } from './slack-delivery.js';
import { type FakeSlack, slackTs } from './slack-web-api.js';
import { workspaceView } from './workspace-view.js';

const person = z.enum(SANDBOX_PEOPLE.map((p) => p.id) as [string, ...string[]]);
const json = z.record(z.string(), z.unknown());
const schemas = {
  command: z.object({ user: person, text: z.string().max(4000) }),
  message: z.object({ user: person, text: z.string().min(1).max(4000), threadTs: z.string().optional() }),
  action: z.object({
    user: person,
    ts: z.string(),
    threadTs: z.string().optional(),
    ephemeral: z.boolean(),
    text: z.string(),
    blocks: z.array(json),
    action: json,
  }),
  view: z.object({ user: person, viewId: z.string(), values: json }),
  closeView: z.object({ user: person, viewId: z.string() }),
  dismiss: z.object({ user: person, ts: z.string() }),
  demo: z.object({ name: z.enum(SWITCH_NAMES), on: z.boolean() }),
  home: z.object({ user: person }),
  homeAction: z.object({ user: person, action: json }),
  checklist: z.object({ name: z.enum(CHECKLISTS) }),
};

const reply = (res: ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

/** The page's own API: what a person's Slack client does, turned into what Slack sends the bot. */
export function createPageRoutes(deps: {
  fake: FakeSlack;
  demo: DemoService;
  delivery: SlackDelivery;
  checklists?: ChecklistSwitch;
}) {
  const { fake, demo, delivery } = deps;
  let version = 1;
  fake.onChange(() => {
    version++;
  });
  const ephemeral = (user: string, text: string, threadTs?: string) => {
    fake.ephemeralMessages.push({
      ts: slackTs(),
      user,
      channel: SANDBOX_CHANNEL.id,
      threadTs,
      text,
      blocks: [],
    });
    fake.changed();
  };
  /** A command's HTTP response is shown to the person who typed it, as Slack does. */
  const showCommandReply = (user: string, r: DeliveryResult) => {
    if (r.error) return ephemeral(user, `/deploy-check failed with the error "${r.error}"`);
    if (!r.body) return;
    const body = JSON.parse(r.body) as { text?: string; blocks?: Record<string, unknown>[] };
    if (body.text || body.blocks) {
      fake.ephemeralMessages.push({
        ts: slackTs(),
        user,
        channel: SANDBOX_CHANNEL.id,
        threadTs: undefined,
        text: body.text ?? '',
        blocks: body.blocks ?? [],
      });
      fake.changed();
    }
  };

  const handlers: Record<string, (body: unknown) => Promise<unknown>> = {
    async command(b) {
      const { user, text } = schemas.command.parse(b);
      showCommandReply(user, await delivery.command(user, text.replace(/^\/deploy-check\s*/, '')));
      return { ok: true };
    },
    async message(b) {
      const { user, text, threadTs } = schemas.message.parse(b);
      const ts = slackTs();
      fake.messages.set(`${SANDBOX_CHANNEL.id}/${ts}`, {
        channel: SANDBOX_CHANNEL.id,
        ts,
        text,
        blocks: [],
        threadTs,
        updates: 0,
        user,
      });
      fake.changed();
      await delivery.event({
        type: 'message',
        channel: SANDBOX_CHANNEL.id,
        channel_type: 'channel',
        user,
        text,
        ts,
        ...(threadTs ? { thread_ts: threadTs } : {}),
      });
      return { ok: true };
    },
    async action(b) {
      const a = schemas.action.parse(b);
      const where = {
        channel: SANDBOX_CHANNEL.id,
        ts: a.ts,
        ephemeral: a.ephemeral,
        text: a.text,
        blocks: a.blocks,
        ...(a.threadTs ? { threadTs: a.threadTs } : {}),
      };
      const r = await delivery.action(a.user, where, a.action);
      return r.error ? { ok: false, error: r.error } : { ok: true };
    },
    async view(b) {
      const { user, viewId, values } = schemas.view.parse(b);
      const open = fake.openViews.get(viewId);
      if (!open || open.user !== user) return { ok: false, error: 'view_not_found' };
      const r = await delivery.viewSubmission(user, open, values);
      if (r.error) return { ok: false, error: r.error };
      const ack = (r.body ? JSON.parse(r.body) : {}) as {
        response_action?: string;
        errors?: unknown;
        view?: Record<string, unknown>;
      };
      if (ack.response_action === 'errors') return { ok: false, errors: ack.errors };
      // `update` and `push` show the view the app answered with; anything else closes the modal.
      if ((ack.response_action === 'update' || ack.response_action === 'push') && ack.view)
        fake.openViews.set(viewId, { ...open, hash: slackTs(), view: ack.view });
      else fake.openViews.delete(viewId);
      fake.changed();
      return { ok: true };
    },
    async closeView(b) {
      const { user, viewId } = schemas.closeView.parse(b);
      if (fake.openViews.get(viewId)?.user === user) fake.openViews.delete(viewId);
      fake.changed();
      return { ok: true };
    },
    async dismiss(b) {
      const { user, ts } = schemas.dismiss.parse(b);
      const i = fake.ephemeralMessages.findIndex((e) => e.user === user && e.ts === ts);
      if (i >= 0) fake.ephemeralMessages.splice(i, 1);
      fake.changed();
      return { ok: true };
    },
    /** The person opened the app's Home tab: Slack sends `app_home_opened`; the bot publishes the view. */
    async home(b) {
      const { user } = schemas.home.parse(b);
      const r = await delivery.event({ type: 'app_home_opened', user, tab: 'home', channel: `D${user}` });
      return r.error ? { ok: false, error: r.error } : { ok: true };
    },
    /** A click on the person's Home tab. */
    async homeAction(b) {
      const { user, action } = schemas.homeAction.parse(b);
      const view = fake.homes.get(user);
      if (!view) return { ok: false, error: 'no Home published for you yet' };
      const r = await delivery.homeAction(user, view, action);
      return r.error ? { ok: false, error: r.error } : { ok: true };
    },
    /** The demo switches between the sandbox's short checklist and the full production one. */
    async checklist(b) {
      const { name } = schemas.checklist.parse(b);
      if (!deps.checklists) return { ok: false, error: 'not available here' };
      await deps.checklists.use(name);
      return { ok: true, checklist: deps.checklists.current() };
    },
    async demo(b) {
      const { name, on } = schemas.demo.parse(b);
      demo.set(name, on);
      fake.changed();
      return { ok: true, switches: demo.switches() };
    },
  };

  return async (req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> => {
    if (path === '/sandbox/state' && req.method === 'GET') {
      const me = person.safeParse(new URL(req.url ?? '/', 'http://x').searchParams.get('user'));
      const view = workspaceView(fake, demo, me.success ? me.data : SANDBOX_PEOPLE[0]!.id, version);
      reply(res, 200, { ...view, checklist: deps.checklists?.current() ?? 'short' });
      return true;
    }
    if (path === '/sandbox/events' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      res.write(`data: ${version}\n\n`);
      const off = fake.onChange(() => setImmediate(() => res.write(`data: ${version}\n\n`)));
      const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
      req.on('close', () => {
        off();
        clearInterval(ping);
      });
      return true;
    }
    const name = path.startsWith('/sandbox/') ? path.slice('/sandbox/'.length) : '';
    const handler = handlers[name];
    if (!handler || req.method !== 'POST') return false;
    try {
      reply(res, 200, await handler(await readJson(req)));
    } catch (e) {
      const message = e instanceof z.ZodError ? z.prettifyError(e) : (e as Error).message;
      reply(res, 400, { ok: false, error: message });
    }
    return true;
  };
}

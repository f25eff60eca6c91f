import type { Server } from 'node:http';
import type { App } from '@slack/bolt';
import type { Logger } from '../logger.js';

/** Slack's replay window: a signed request more than five minutes from now, either way, is refused. */
const MAX_SKEW_S = 5 * 60;

/**
 * Runs before Bolt sees an HTTP request: refuses Slack requests dated in the future (Bolt checks only the
 * past) and times each ack from the request's arrival, not from when its body was read.
 */
export function guardHttpRequests(
  server: Server,
  opts: {
    now: () => number;
    onAck: (ms: number) => void;
    /** A request arrived; the function returned is called once when it is answered (or abandoned). */
    onArrive?: () => () => void;
    path?: string;
  },
) {
  const bolt = server.listeners('request') as ((...args: unknown[]) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req, res) => {
    if (req.method !== 'POST' || !req.url?.startsWith(opts.path ?? '/slack/events')) {
      for (const l of bolt) l(req, res);
      return;
    }
    const arrived = performance.now();
    const ts = Number(req.headers['x-slack-request-timestamp']);
    if (Number.isFinite(ts) && ts - opts.now() / 1000 > MAX_SKEW_S) {
      req.resume();
      res
        .writeHead(401, { 'content-type': 'application/json' })
        .end('{"error":"request timestamp in the future"}');
      return;
    }
    const answered = opts.onArrive?.();
    res.once('finish', () => {
      opts.onAck(performance.now() - arrived);
      answered?.();
    });
    // A client that hangs up before the answer.
    if (answered) res.once('close', answered);
    for (const l of bolt) l(req, res);
  });
}

/**
 * Acks block actions no listener handles (an old message's button, a link button) and logs them: unacked,
 * Slack shows the user an error after 3 s. Records the action IDs the app registers to know which are ours.
 */
export function ackUnknownActions(app: App, logger: Logger) {
  const known: (string | RegExp)[] = [];
  const action = app.action.bind(app) as (...args: unknown[]) => unknown;
  (app as { action: unknown }).action = (constraint: unknown, ...rest: unknown[]) => {
    const id =
      typeof constraint === 'string' || constraint instanceof RegExp
        ? constraint
        : ((constraint as { action_id?: string | RegExp }).action_id ?? /.*/);
    known.push(id);
    return action(constraint, ...rest);
  };
  const isKnown = (id: string) => known.some((k) => (typeof k === 'string' ? k === id : k.test(id)));
  app.use(async (args) => {
    const body = args.body as { type?: string; actions?: { action_id?: string }[]; user?: { id?: string } };
    const ids = body.type === 'block_actions' ? (body.actions ?? []).map((a) => a.action_id ?? '') : [];
    if (ids.length && !ids.some(isKnown)) {
      await (args as { ack?: () => Promise<void> }).ack?.();
      logger.warn({ actionIds: ids, user: body.user?.id }, 'unknown action acked and ignored');
      return;
    }
    await args.next();
  });
}

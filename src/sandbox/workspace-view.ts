import type { DemoService } from './demo-service.js';
import { SANDBOX_BOT, SANDBOX_CHANNEL, SANDBOX_PEOPLE, SANDBOX_USERGROUPS } from './sandbox-people.js';
import type { FakeSlack } from './slack-web-api.js';

/**
 * What one person's Slack client shows: the channel's messages and threads, their own ephemeral messages,
 * the modal open for them, files shared, and their App Home tab. The page renders this and nothing else.
 */
export function workspaceView(fake: FakeSlack, demo: DemoService, me: string, version: number) {
  const messages = fake
    .channelMessages(SANDBOX_CHANNEL.id)
    .sort((a, b) => Number(a.ts) - Number(b.ts))
    .map((m) => ({
      ts: m.ts,
      user: m.user ?? SANDBOX_BOT.id,
      text: m.text,
      blocks: m.blocks,
      threadTs: m.threadTs,
      edited: m.updates > 0,
      updates: m.updates,
    }));
  const files = fake.files
    .filter((f) => f.shared && f.channel === SANDBOX_CHANNEL.id)
    .map((f) => ({
      id: f.id,
      filename: f.filename,
      comment: f.comment,
      threadTs: f.threadTs,
      at: f.at,
      bytes: Buffer.byteLength(f.content),
    }));
  const view = [...fake.openViews.values()].filter((v) => v.user === me).at(-1);
  return {
    version,
    me,
    people: SANDBOX_PEOPLE,
    bot: SANDBOX_BOT,
    usergroups: Object.fromEntries(Object.entries(SANDBOX_USERGROUPS).map(([id, g]) => [id, g.handle])),
    channel: SANDBOX_CHANNEL,
    messages,
    files,
    ephemerals: fake.ephemeralMessages.filter((e) => e.user === me),
    view: view ? { id: view.id, view: view.view } : null,
    /** The App Home tab as the bot last published it for this person (views.publish), or null. */
    home: fake.homes.get(me) ?? null,
    demo: demo.switches(),
  };
}

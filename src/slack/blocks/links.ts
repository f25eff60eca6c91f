/**
 * A link to a message that works without asking Slack (the Home and nudge renderers read only the database
 * at send time): slack.com/archives/<channel>/p<ts> opens it in the reader's workspace; a reply also names
 * its thread.
 */
export function messageLink(channel: string, ts: string, threadTs?: string | null): string {
  const base = `https://slack.com/archives/${channel}/p${ts.replace('.', '')}`;
  return threadTs && threadTs !== ts ? `${base}?thread_ts=${threadTs}&cid=${channel}` : base;
}

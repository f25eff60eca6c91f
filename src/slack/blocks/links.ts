/**
 * A link to a message that works without asking Slack (renderers run synchronously at send time):
 * slack.com/archives/<channel>/p<ts> opens it in the reader's workspace; a reply also names its thread.
 */
export function messageLink(channel: string, ts: string, threadTs?: string | null): string {
  const base = `https://slack.com/archives/${channel}/p${ts.replace('.', '')}`;
  return threadTs && threadTs !== ts ? `${base}?thread_ts=${threadTs}&cid=${channel}` : base;
}

/** "5m", "3h", "2d": how long ago, short enough for a line of a list. */
export function age(since: number, now: number): string {
  const minutes = Math.max(0, Math.floor((now - since) / 60_000));
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours}h` : `${Math.floor(hours / 24)}d`;
}

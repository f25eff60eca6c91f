/** Shortens text to a Slack limit with an ellipsis, never splitting a surrogate pair or a <@mention>. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  let cut = chars.slice(0, max - 1).join('');
  const open = cut.lastIndexOf('<');
  if (open > cut.lastIndexOf('>')) cut = cut.slice(0, open).trimEnd();
  return `${cut}…`;
}

/** Slack counts characters; JS length counts UTF-16 units. Keep both under the limit by counting code points. */
export const length = (text: string) => [...text].length;

// Building a formatter costs ~60 µs, and a section's render formats the time of every ticked item: one per
// time zone, built on first use (an invalid zone still throws, and is not cached).
const formatters = new Map<string, Intl.DateTimeFormat>();

export function formatTime(ms: number, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    });
    formatters.set(timeZone, f);
  }
  return f.format(ms);
}

/** A Slack user or group mention; a pipeline's API token (`api:<name>`) is shown by name, as it is no Slack user. */
export const mention = (userId: string) =>
  userId.startsWith('api:')
    ? `${escapeMrkdwn(userId.slice(4))} (API)`
    : userId.startsWith('S')
      ? `<!subteam^${userId}>`
      : `<@${userId}>`;

// Bidirectional overrides and isolates make echoed text render reversed ("gpj.exe" spoofing).
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** User text for plain_text fields: no mrkdwn there, but bidi controls still reorder what people read. */
export const neutralizeBidi = (text: string) => text.replace(BIDI_CONTROLS, '\uFFFD');

/**
 * User text for mrkdwn: escapes the three characters Slack treats as control characters, so `<!channel>`,
 * `<@U…>` and `<https://x|y>` show as typed instead of pinging or linking, and neutralizes bidi controls.
 */
export const escapeMrkdwn = (text: string) =>
  neutralizeBidi(text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

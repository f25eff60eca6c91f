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

export function formatTime(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(ms);
}

/** A Slack user or group mention; a pipeline's API token (`api:<name>`) is shown by name, as it is no Slack user. */
export const mention = (userId: string) =>
  userId.startsWith('api:')
    ? `${escapeMrkdwn(userId.slice(4))} (API)`
    : userId.startsWith('S')
      ? `<!subteam^${userId}>`
      : `<@${userId}>`;

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export const escapeMrkdwn = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

// Slack mrkdwn → HTML: mentions, user groups, <!date^…>, links, *bold*, _italic_, ~strike~, `code`,
// ```blocks```, > quotes and emoji shortcodes. Text is escaped first; only the markup below becomes HTML.

const EMOJI = {
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  ballot_box_with_check: '☑️',
  x: '❌',
  warning: '⚠️',
  rotating_light: '🚨',
  rewind: '⏪',
  fast_forward: '⏩',
  rocket: '🚀',
  no_entry_sign: '🚫',
  no_entry: '⛔',
  stop_sign: '🛑',
  eyes: '👀',
  zzz: '💤',
  white_square: '⬜',
  white_circle: '⚪',
  large_green_circle: '🟢',
  large_blue_circle: '🔵',
  red_circle: '🔴',
  tada: '🎉',
  mag: '🔍',
  hourglass: '⌛',
  hourglass_flowing_sand: '⏳',
  heavy_minus_sign: '➖',
  grey_question: '❔',
  bell: '🔔',
  alarm_clock: '⏰',
  lock: '🔒',
  bar_chart: '📊',
  floppy_disk: '💾',
  calendar: '📆',
  date: '📅',
  memo: '📝',
  robot_face: '🤖',
  chart_with_upwards_trend: '📈',
  information_source: 'ℹ️',
  clipboard: '📋',
  wrench: '🔧',
  package: '📦',
  fire: '🔥',
  '+1': '👍',
  thumbsup: '👍',
  bulb: '💡',
  link: '🔗',
  shield: '🛡️',
  page_facing_up: '📄',
  key: '🔑',
  gear: '⚙️',
  hammer_and_wrench: '🛠️',
  construction: '🚧',
  checkered_flag: '🏁',
  mega: '📣',
  speech_balloon: '💬',
  lock_with_ink_pen: '🔏',
};

const esc = (s) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
// Slack sends &amp; &lt; &gt; for literal characters; decode them before escaping for HTML once.
const unslack = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

export const emojify = (html) => html.replace(/:([a-z0-9_+-]+):/g, (m, name) => EMOJI[name] ?? m);

const ordinal = (n) => {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  return `${n}${teen ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th')}`;
};

/** `<!date^epoch^format|fallback>` in the reader's own time zone, as Slack clients render it. */
export function slackDate(epoch, format) {
  const d = new Date(epoch * 1000);
  const day = (opts) => d.toLocaleDateString('en-US', opts);
  const today = new Date();
  const diff = Math.round((new Date(today.toDateString()) - new Date(d.toDateString())) / 86400000);
  const pretty = (fallback) =>
    diff === 0 ? 'Today' : diff === 1 ? 'Yesterday' : diff === -1 ? 'Tomorrow' : fallback;
  const tokens = {
    date_num: d.toISOString().slice(0, 10),
    date: `${day({ month: 'long' })} ${ordinal(d.getDate())}, ${d.getFullYear()}`,
    date_short: day({ month: 'short', day: 'numeric', year: 'numeric' }),
    date_long: `${day({ weekday: 'long' })}, ${day({ month: 'long' })} ${ordinal(d.getDate())}, ${d.getFullYear()}`,
    time: d.toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit' }),
    time_secs: d.toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit', second: '2-digit' }),
    ago: `${Math.max(0, Math.round((Date.now() - d) / 60000))} minutes ago`,
  };
  tokens.date_pretty = pretty(tokens.date);
  tokens.date_short_pretty = pretty(tokens.date_short);
  tokens.date_long_pretty = pretty(tokens.date_long);
  return format.replace(/\{(\w+)\}/g, (m, t) => tokens[t] ?? m);
}

function special(inner, names) {
  const [target, label] = inner.split('|');
  if (target.startsWith('@')) {
    const id = target.slice(1);
    return `<span class="mention" data-user="${esc(id)}">@${esc(label ?? names.user(id))}</span>`;
  }
  if (target.startsWith('#'))
    return `<span class="mention">#${esc(label ?? names.channel(target.slice(1)))}</span>`;
  if (target.startsWith('!subteam^')) {
    const id = target.slice(9);
    return `<span class="mention">${esc(label ?? `@${names.group(id)}`)}</span>`;
  }
  if (target.startsWith('!date^')) {
    const [, epoch, format, link] = target.split('^');
    const text = esc(slackDate(Number(epoch), format ?? '{date_short} {time}'));
    return link
      ? `<a href="${esc(link)}" target="_blank" rel="noopener">${text}</a>`
      : `<time>${text}</time>`;
  }
  if (target === '!here' || target === '!channel' || target === '!everyone')
    return `<span class="mention">@${target.slice(1)}</span>`;
  if (/^(https?:|mailto:)/.test(target))
    return `<a href="${esc(unslack(target))}" target="_blank" rel="noopener">${esc(unslack(label ?? target))}</a>`;
  return esc(`<${inner}>`);
}

function inline(text) {
  let s = esc(unslack(text));
  const edge = '(^|[\\s(\\[>"\'“‘~_*])';
  const end = '(?=$|[\\s).,:;!?\\]<"\'”’~_*…])';
  s = s.replace(new RegExp(`${edge}\\*([^*\\n]+?)\\*${end}`, 'g'), '$1<b>$2</b>');
  s = s.replace(new RegExp(`${edge}_([^_\\n]+?)_${end}`, 'g'), '$1<i>$2</i>');
  s = s.replace(new RegExp(`${edge}~([^~\\n]+?)~${end}`, 'g'), '$1<s>$2</s>');
  return emojify(s);
}

// <…> specials become private-use placeholders while formatting runs over the whole chunk, so `*<url|text>*`
// is a bold link as in Slack rather than two stray asterisks around it.
function withSpecials(chunk, names) {
  const specials = [];
  const marked = chunk.replace(/<([^<>]+)>/g, (_, inner) => {
    specials.push(special(inner, names));
    return `\uE000${specials.length - 1}\uE001`;
  });
  return inline(marked).replace(/\uE000(\d+)\uE001/g, (_, i) => specials[Number(i)]);
}

/** Renders Slack mrkdwn; `names` resolves user, channel and group IDs to display names. */
export function mrkdwn(text, names) {
  const parts = String(text ?? '').split(/```/);
  return parts
    .map((part, i) => {
      if (i % 2 === 1) return `<pre>${esc(unslack(part.replace(/^\n/, '')))}</pre>`;
      const lines = part.split('\n').map((line) => {
        const quote = line.startsWith('&gt;') || line.startsWith('>');
        const body = quote ? line.replace(/^(&gt;|>)\s?/, '') : line;
        // Code spans first (their contents stay literal), then <…> specials, then formatting.
        const html = body
          .split(/(`[^`\n]+`)/)
          .map((chunk) =>
            /^`[^`\n]+`$/.test(chunk)
              ? `<code>${esc(unslack(chunk.slice(1, -1)))}</code>`
              : withSpecials(chunk, names),
          )
          .join('');
        return quote ? `<blockquote>${html}</blockquote>` : html;
      });
      return lines.join('<br>').replace(/<\/blockquote><br><blockquote>/g, '<br>');
    })
    .join('');
}

/** plain_text objects: escaped, with emoji when `emoji` is not false. */
export const plain = (t) => (t?.emoji === false ? esc(t.text ?? '') : emojify(esc(t?.text ?? '')));
export const textObject = (t, names) => (t?.type === 'mrkdwn' ? mrkdwn(t.text, names) : plain(t));
export { esc };

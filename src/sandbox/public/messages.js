// Channel and thread message lists, rendered keyed by ts so an update replaces only what changed.
import { renderBlocks } from './blocks.js';
import { esc, mrkdwn } from './mrkdwn.js';

const time = (ts) =>
  new Date(Number(ts) * 1000).toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit' });
const COLORS = ['#e8912d', '#2bac76', '#1d9bd1', '#e01e5a', '#4a154b', '#36c5f0'];

function avatar(name, isBot) {
  const a = document.createElement('div');
  a.className = `avatar${isBot ? ' bot' : ''}`;
  a.textContent = isBot ? '✓' : name.slice(0, 1).toUpperCase();
  if (!isBot) a.style.background = COLORS[name.length % COLORS.length];
  return a;
}

/** One message (or ephemeral, or file share) as Slack lays it out: avatar, name, time, body. */
export function renderMessage(m, ctx, opts = {}) {
  const isBot = m.user === ctx.bot.id;
  const name = isBot ? ctx.bot.name : ctx.names.user(m.user);
  const row = document.createElement('div');
  row.className = `message${m.ephemeral ? ' ephemeral' : ''}`;
  row.dataset.ts = m.ts;
  row.append(avatar(name, isBot));
  const body = document.createElement('div');
  body.className = 'message-body';
  body.innerHTML = `<div class="meta"><span class="name">${esc(name)}</span>${isBot ? '<span class="app-badge">APP</span>' : ''}<span class="time">${time(m.ts)}</span>${m.edited ? '<span class="edited">(edited)</span>' : ''}</div>`;
  if (m.ephemeral) {
    const note = document.createElement('div');
    note.className = 'only-you';
    note.innerHTML = '👁 Only visible to you <button class="link dismiss">Dismiss</button>';
    note.querySelector('button').addEventListener('click', () => ctx.dismiss(m.ts));
    body.append(note);
  }
  const where = { ts: m.ts, threadTs: m.threadTs, ephemeral: !!m.ephemeral, text: m.text, blocks: m.blocks };
  if (m.blocks?.length)
    body.append(renderBlocks(m.blocks, { ...ctx, act: (action) => ctx.act(where, action) }));
  else if (m.text)
    body.insertAdjacentHTML('beforeend', `<div class="text">${mrkdwn(m.text, ctx.names)}</div>`);
  if (m.file) {
    const f = m.file;
    body.insertAdjacentHTML(
      'beforeend',
      `<a class="file" href="/sandbox/files/${esc(f.id)}" target="_blank"><span class="file-icon">📄</span><span><b>${esc(f.filename)}</b><br><span class="muted">Markdown · ${f.bytes} bytes</span></span></a>`,
    );
  }
  if (opts.replies) {
    const link = document.createElement('button');
    link.className = 'replies link';
    link.textContent = `${opts.replies} ${opts.replies === 1 ? 'reply' : 'replies'}`;
    link.addEventListener('click', () => ctx.openThread(m.ts));
    body.append(link);
  }
  row.append(body);
  return row;
}

/**
 * Replaces the children of `list` with `items`, reusing the DOM of items whose data did not change (so
 * a checkbox being clicked is not rebuilt under the pointer), and keeps the view pinned to the bottom.
 */
export function renderList(list, items, ctx) {
  const pinned = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  const old = new Map([...list.children].map((c) => [c.dataset.key, c]));
  const next = items.map(({ m, opts }) => {
    const key = `${m.ephemeral ? 'e' : 'm'}${m.ts}`;
    const sig = JSON.stringify([m, opts, ctx.me]);
    const prev = old.get(key);
    if (prev && prev.dataset.sig === sig) return prev;
    const node = renderMessage(m, ctx, opts);
    node.dataset.key = key;
    node.dataset.sig = sig;
    return node;
  });
  list.replaceChildren(...next);
  if (pinned) list.scrollTop = list.scrollHeight;
}

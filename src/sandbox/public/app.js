// The sandbox page: a Slack channel with threads, a composer and a person switcher, over /sandbox/*.

import { renderChecklistSwitch, setupChecklistSwitch } from './checklist-switch.js';
import { setupDemoScan } from './demo-scan.js';
import { closeOverlay, confirmDialog, showView } from './dialogs.js';
import { renderHomeTab, setupHomeTab } from './home-tab.js';
import { renderList } from './messages.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
let me = params.get('as') ?? localStorage.getItem('sandbox-person') ?? 'U0OWNER';
let state;
let openThread;
let homeTab;

const post = async (path, body) => {
  const r = await fetch(`/sandbox/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: me, ...body }),
  });
  const json = await r.json().catch(() => ({}));
  if (!r.ok || json.error) toast(json.error ?? `HTTP ${r.status}`);
  return json;
};
function toast(text) {
  const t = $('toast');
  t.textContent = `⚠️ ${text}`;
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (t.hidden = true), 5000);
}

const names = {
  user: (id) =>
    state.people.find((p) => p.id === id)?.realName ?? (id === state.bot.id ? state.bot.name : id),
  group: (id) => state.usergroups[id] ?? id,
  channel: (id) => (id === state.channel.id ? state.channel.name : id),
};
const ctx = () => ({
  me,
  names,
  bot: state.bot,
  people: state.people,
  act: (where, action) => post('action', { ...where, action }),
  confirm: (c) => confirmDialog(c, names),
  dismiss: (ts) => post('dismiss', { ts }),
  openThread: (ts) => {
    openThread = ts;
    $('thread-messages').replaceChildren();
    render();
    // A freshly opened thread starts at its parent message, as Slack's does.
    $('thread-messages').scrollTop = 0;
  },
  closeView: (viewId) => post('closeView', { viewId }),
  submitView: async (viewId, values) => (await post('view', { viewId, values })).errors,
});

function render() {
  const c = ctx();
  const top = state.messages.filter((m) => !m.threadTs);
  const replies = (ts) => state.messages.filter((m) => m.threadTs === ts);
  const files = (threadTs) =>
    state.files
      .filter((f) => f.threadTs === threadTs)
      .map((f) => ({ ts: (f.at / 1000).toFixed(6), user: state.bot.id, text: f.comment ?? '', file: f }));
  const eph = (threadTs) =>
    state.ephemerals.filter((e) => e.threadTs === threadTs).map((e) => ({ ...e, ephemeral: true }));
  const byTs = (a, b) => Number(a.ts) - Number(b.ts);
  const channelItems = [...top, ...files(undefined), ...eph(undefined)]
    .sort(byTs)
    .map((m) => ({ m, opts: { replies: m.ephemeral ? 0 : replies(m.ts).length + files(m.ts).length } }));
  renderList($('messages'), channelItems, c);
  $('intro').hidden = channelItems.length > 0;
  const parent = openThread && top.find((m) => m.ts === openThread);
  $('thread').hidden = !parent;
  if (parent) {
    const items = [parent, ...[...replies(parent.ts), ...files(parent.ts), ...eph(parent.ts)].sort(byTs)];
    renderList(
      $('thread-messages'),
      items.map((m) => ({ m, opts: {} })),
      c,
    );
  }
  showView(state.view, c);
  renderHomeTab(state.home, homeTab?.showing() ?? false, c);
  renderChecklistSwitch(state.checklist);
  for (const input of document.querySelectorAll('#demo input[data-switch]'))
    input.checked = !!state.demo[input.dataset.switch];
}

const seenEphemerals = new Set();
async function refresh() {
  const r = await fetch(`/sandbox/state?user=${encodeURIComponent(me)}`);
  const first = !state;
  state = await r.json();
  // A reply only you can see, in a thread you are not looking at (e.g. why Approve was refused): open it.
  for (const e of state.ephemerals) {
    if (!first && !seenEphemerals.has(e.ts) && e.threadTs && e.threadTs !== openThread)
      openThread = e.threadTs;
    seenEphemerals.add(e.ts);
  }
  render();
  document.body.dataset.version = state.version;
}
let pending;
const schedule = () => {
  clearTimeout(pending);
  pending = setTimeout(refresh, 30);
};

function composer(form, threadTs) {
  const input = form.querySelector('textarea');
  const send = async () => {
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    if (text.startsWith('/deploy-check')) await post('command', { text });
    else if (text.startsWith('/'))
      toast(`${text.split(/\s/)[0]} is not a command in this workspace. Try /deploy-check help`);
    else await post('message', { text, ...(threadTs() ? { threadTs: threadTs() } : {}) });
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void send();
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      void send();
    }
  });
}

// An open ⋯ menu closes when the person clicks anywhere else, as in Slack.
document.addEventListener('click', (e) => {
  for (const menu of document.querySelectorAll('.bk-menu.open'))
    if (!menu.parentElement.contains(e.target)) menu.classList.remove('open');
});

// Permalinks (chat.getPermalink) open their thread here instead of leaving for a real Slack.
document.addEventListener('click', (e) => {
  const a = e.target.closest?.('a[href*="/archives/"]');
  const m = a?.href.match(/\/archives\/[A-Z0-9]+\/p(\d+)(\d{6})/);
  if (!m) return;
  e.preventDefault();
  ctx().openThread(`${m[1]}.${m[2]}`);
});

async function start() {
  await refresh();
  const select = $('person');
  for (const p of state.people)
    select.append(new Option(`${p.realName} — ${p.role}`, p.id, false, p.id === me));
  select.addEventListener('change', () => {
    me = select.value;
    localStorage.setItem('sandbox-person', me);
    closeOverlay();
    void refresh();
    if (homeTab.showing()) void post('home', {});
  });
  homeTab = setupHomeTab({
    onOpen: () => post('home', {}),
    onChange: render,
    onAct: (action) => post('homeAction', { action }),
  });
  setupChecklistSwitch(post);
  composer($('composer'), () => undefined);
  // The example commands fill the composer when clicked.
  for (const code of document.querySelectorAll('.hint code, .intro code'))
    code.addEventListener('click', () => {
      $('composer').querySelector('textarea').value = code.textContent;
      $('composer').querySelector('textarea').focus();
    });
  composer($('thread-composer'), () => openThread);
  $('close-thread').addEventListener('click', () => {
    openThread = undefined;
    render();
  });
  for (const input of document.querySelectorAll('#demo input[data-switch]'))
    input.addEventListener('change', () => post('demo', { name: input.dataset.switch, on: input.checked }));
  setupDemoScan({ post, thread: () => openThread, openThread: (ts) => ctx().openThread(ts) });
  const events = new EventSource('/sandbox/events');
  events.onmessage = schedule;
  // Polling as a fallback when a proxy buffers the event stream.
  setInterval(schedule, 5000);
}
void start();

// The app's Home tab: the view the bot last published for the current person (views.publish), drawn with
// the same Block Kit renderer as messages. Opening the tab is what makes Slack send `app_home_opened`.
import { renderBlocks } from './blocks.js';

const $ = (id) => document.getElementById(id);

let act = () => {};

/**
 * Wires the sidebar's "Home" entry; `open(true)` shows the Home, `open(false)` the channel. `onAct(action)`
 * sends a click on the Home to the bot.
 */
export function setupHomeTab({ onOpen, onChange, onAct }) {
  act = onAct;
  let showing = false;
  const open = (yes) => {
    showing = yes;
    $('home-entry').classList.toggle('active', yes);
    $('channel-entry').classList.toggle('active', !yes);
    onChange();
    if (yes) onOpen();
  };
  $('home-entry').addEventListener('click', () => open(true));
  $('channel-entry').addEventListener('click', () => open(false));
  return { showing: () => showing, open };
}

/** Shows the Home (or the channel) in the main pane. */
export function renderHomeTab(home, showing, ctx) {
  $('home').hidden = !showing;
  $('channel').hidden = showing;
  if (!showing) return;
  // The Home takes the whole pane, as in Slack: no channel thread beside it.
  $('thread').hidden = true;
  const body = $('home-blocks');
  body.replaceChildren();
  if (!home) {
    body.textContent = 'Opening the Home…';
    return;
  }
  body.append(renderBlocks(home.blocks ?? [], { ...ctx, act: (action) => act(action) }));
}

// Modals (views.open) and confirm dialogs, drawn over the page as Slack draws them.
import { renderBlocks } from './blocks.js';
import { plain, textObject } from './mrkdwn.js';

const root = () => document.getElementById('overlay');

function frame(title, bodyNode, buttons) {
  const box = document.createElement('div');
  box.className = 'dialog';
  box.setAttribute('role', 'dialog');
  const head = document.createElement('div');
  head.className = 'dialog-title';
  head.innerHTML = title;
  const foot = document.createElement('div');
  foot.className = 'dialog-buttons';
  foot.append(...buttons);
  box.append(head, bodyNode, foot);
  root().replaceChildren(box);
  root().hidden = false;
  return box;
}
const button = (html, cls, onClick) => {
  const b = document.createElement('button');
  b.className = cls;
  b.innerHTML = html;
  b.addEventListener('click', onClick);
  return b;
};
export const closeOverlay = () => {
  root().hidden = true;
  root().replaceChildren();
};

/** A button's `confirm` object: resolves true when the person confirms. */
export function confirmDialog(c, names) {
  return new Promise((resolve) => {
    const body = document.createElement('div');
    body.className = 'dialog-body';
    body.innerHTML = textObject(c.text, names);
    const done = (ok) => {
      closeOverlay();
      resolve(ok);
    };
    frame(plain(c.title), body, [
      button(plain(c.deny ?? { text: 'Cancel' }), 'bk-button', () => done(false)),
      button(
        plain(c.confirm ?? { text: 'Yes' }),
        `bk-button ${c.style === 'danger' ? 'bk-danger' : 'bk-primary'}`,
        () => done(true),
      ),
    ]);
  });
}

let shown;
/** The modal open for this person; submit sends view_submission with the inputs' state. */
export function showView(open, ctx) {
  if (!open) {
    if (shown) closeOverlay();
    shown = undefined;
    return;
  }
  const key = JSON.stringify(open);
  if (shown === key) return;
  shown = key;
  const values = {};
  const body = document.createElement('div');
  body.className = 'dialog-body';
  body.append(
    renderBlocks(open.view.blocks, {
      ...ctx,
      act: () => {},
      input: (blockId, actionId, value) => {
        values[blockId] = { ...(values[blockId] ?? {}), [actionId]: value };
      },
    }),
  );
  const box = frame(plain(open.view.title), body, [
    button(plain(open.view.close ?? { text: 'Cancel' }), 'bk-button', () => ctx.closeView(open.id)),
    ...(open.view.submit
      ? [
          button(plain(open.view.submit), 'bk-button bk-primary submit', async () => {
            const errors = await ctx.submitView(open.id, values);
            for (const e of box.querySelectorAll('.bk-error')) e.textContent = '';
            for (const [blockId, msg] of Object.entries(errors ?? {})) {
              const slot = box.querySelector(`[data-block-id="${CSS.escape(blockId)}"] .bk-error`);
              if (slot) slot.textContent = msg;
            }
          }),
        ]
      : []),
  ]);
}

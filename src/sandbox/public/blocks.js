// Block Kit → DOM, for the blocks deploy-check sends: header, section (text, fields, accessory), context,
// divider, actions, input, image; elements button (style, confirm), checkboxes (descriptions), overflow,
// static_select, users_select, plain_text_input, radio_buttons.
import { esc, plain, textObject } from './mrkdwn.js';

const el = (tag, cls, html) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (html !== undefined) e.innerHTML = html;
  return e;
};
const same = (a, b) => a.value === b.value;

/**
 * ctx: { names, people, act(action, block) → void, confirm(confirmObject) → Promise<boolean>,
 *        input(blockId, actionId, value) for modal inputs (then elements report state instead of acting) }
 */
export function renderBlocks(blocks, ctx) {
  const root = el('div', 'blocks');
  for (const block of blocks ?? []) root.append(renderBlock(block, ctx));
  return root;
}

function renderBlock(b, ctx) {
  const wrap = el('div', `block block-${b.type}`);
  if (b.block_id) wrap.dataset.blockId = b.block_id;
  switch (b.type) {
    case 'header':
      wrap.append(el('div', 'bk-header', plain(b.text)));
      break;
    case 'section': {
      const main = el('div', 'bk-section-main');
      if (b.text) main.append(el('div', 'bk-text', textObject(b.text, ctx.names)));
      if (b.fields?.length) {
        const grid = el('div', 'bk-fields');
        for (const f of b.fields) grid.append(el('div', 'bk-field', textObject(f, ctx.names)));
        main.append(grid);
      }
      wrap.append(main);
      if (b.accessory) wrap.append(renderElement(b.accessory, b, ctx, 'accessory'));
      break;
    }
    case 'context':
      for (const e of b.elements ?? [])
        wrap.append(
          e.type === 'image'
            ? Object.assign(el('img', 'bk-context-img'), { src: e.image_url, alt: e.alt_text ?? '' })
            : el('span', 'bk-context-text', textObject(e, ctx.names)),
        );
      break;
    case 'divider':
      wrap.append(el('hr'));
      break;
    case 'actions':
      for (const e of b.elements ?? []) wrap.append(renderElement(e, b, ctx, 'action'));
      break;
    case 'input': {
      wrap.append(
        el(
          'label',
          'bk-label',
          `${plain(b.label)}${b.optional ? ' <span class="muted">(optional)</span>' : ''}`,
        ),
      );
      wrap.append(renderElement(b.element, b, ctx, 'input'));
      if (b.hint) wrap.append(el('div', 'bk-hint', plain(b.hint)));
      wrap.append(el('div', 'bk-error'));
      break;
    }
    case 'image': {
      // slack_file: a file the bot uploaded; the sandbox serves the workspace's files under /sandbox/files/.
      const src = b.slack_file?.id ? `/sandbox/files/${encodeURIComponent(b.slack_file.id)}` : b.image_url;
      if (b.title) wrap.append(el('div', 'bk-image-title', plain(b.title)));
      wrap.append(Object.assign(el('img', 'bk-image'), { src, alt: b.alt_text ?? '' }));
      break;
    }
    case 'rich_text':
      wrap.append(
        el(
          'div',
          'bk-text',
          esc(
            (b.elements ?? [])
              .flatMap((x) => x.elements ?? [])
              .map((y) => y.text ?? '')
              .join(''),
          ),
        ),
      );
      break;
    default:
      wrap.append(el('div', 'bk-unknown', `Unsupported block: ${esc(b.type)}`));
  }
  return wrap;
}

/** Sends an interaction, after the element's confirm dialog when it has one. */
async function fire(e, block, ctx, action) {
  if (e.confirm && !(await ctx.confirm(e.confirm))) return false;
  ctx.act({ action_id: e.action_id, block_id: block.block_id, ...action }, block);
  return true;
}

function renderElement(e, block, ctx, where) {
  const inInput = where === 'input';
  const report = (value) => ctx.input?.(block.block_id, e.action_id, value);
  switch (e.type) {
    case 'button': {
      const btn = el('button', `bk-button${e.style ? ` bk-${e.style}` : ''}`, plain(e.text));
      btn.dataset.actionId = e.action_id;
      btn.addEventListener('click', () =>
        fire(e, block, ctx, {
          type: 'button',
          value: e.value,
          text: e.text,
          ...(e.style ? { style: e.style } : {}),
        }),
      );
      return btn;
    }
    case 'checkboxes': {
      const box = el('div', 'bk-checkboxes');
      box.dataset.actionId = e.action_id;
      const inputs = [];
      for (const o of e.options ?? []) {
        const row = el('label', 'bk-option');
        row.dataset.value = o.value;
        const input = Object.assign(document.createElement('input'), { type: 'checkbox' });
        input.checked = (e.initial_options ?? []).some((i) => same(i, o));
        inputs.push([input, o]);
        const body = el('span', 'bk-option-body');
        body.append(el('span', 'bk-option-text', textObject(o.text, ctx.names)));
        if (o.description) body.append(el('span', 'bk-option-desc', textObject(o.description, ctx.names)));
        row.append(input, body);
        box.append(row);
        input.addEventListener('change', () => {
          const selected_options = inputs.filter(([i]) => i.checked).map(([, opt]) => opt);
          if (inInput) report({ type: 'checkboxes', selected_options });
          else void fire(e, block, ctx, { type: 'checkboxes', selected_options });
        });
      }
      if (inInput) report({ type: 'checkboxes', selected_options: e.initial_options ?? [] });
      return box;
    }
    case 'radio_buttons': {
      const box = el('div', 'bk-checkboxes');
      const name = `r-${Math.random().toString(36).slice(2)}`;
      for (const o of e.options ?? []) {
        const row = el('label', 'bk-option');
        const input = Object.assign(document.createElement('input'), { type: 'radio', name });
        input.checked = e.initial_option?.value === o.value;
        input.addEventListener('change', () =>
          inInput
            ? report({ type: 'radio_buttons', selected_option: o })
            : fire(e, block, ctx, { type: 'radio_buttons', selected_option: o }),
        );
        row.append(input, el('span', 'bk-option-text', textObject(o.text, ctx.names)));
        box.append(row);
      }
      return box;
    }
    case 'overflow': {
      const wrap = el('div', 'bk-overflow');
      const btn = el('button', 'bk-overflow-button', '⋮');
      btn.title = 'More actions';
      btn.dataset.actionId = e.action_id;
      const menu = el('div', 'bk-menu');
      for (const o of e.options ?? []) {
        const item = el('button', 'bk-menu-item', plain(o.text));
        item.addEventListener('click', () => {
          menu.classList.remove('open');
          void fire(e, block, ctx, { type: 'overflow', selected_option: o });
        });
        menu.append(item);
      }
      btn.addEventListener('click', () => menu.classList.toggle('open'));
      wrap.append(btn, menu);
      return wrap;
    }
    case 'static_select':
    case 'users_select': {
      const select = el('select', 'bk-select');
      select.dataset.actionId = e.action_id;
      const options =
        e.type === 'users_select'
          ? ctx.people.map((p) => ({ text: { type: 'plain_text', text: p.realName }, value: p.id }))
          : (e.options ?? []);
      const initial = e.type === 'users_select' ? e.initial_user : e.initial_option?.value;
      select.append(
        Object.assign(el('option', '', plain(e.placeholder ?? { text: 'Select…' })), {
          value: '',
          disabled: true,
          selected: !initial,
        }),
      );
      for (const o of options) {
        const opt = Object.assign(el('option', '', plain(o.text)), { value: o.value });
        if (o.value === initial) opt.selected = true;
        select.append(opt);
      }
      const value = () => {
        const o = options.find((x) => x.value === select.value);
        if (!o) return undefined;
        return e.type === 'users_select'
          ? { type: 'users_select', selected_user: o.value }
          : { type: 'static_select', selected_option: o };
      };
      if (inInput && value()) report(value());
      select.addEventListener('change', () => (inInput ? report(value()) : fire(e, block, ctx, value())));
      return select;
    }
    case 'plain_text_input': {
      const input = el(e.multiline ? 'textarea' : 'input', 'bk-input');
      input.dataset.actionId = e.action_id;
      if (e.placeholder) input.placeholder = e.placeholder.text;
      if (e.initial_value) input.value = e.initial_value;
      if (e.max_length) input.maxLength = e.max_length;
      const sync = () => report({ type: 'plain_text_input', value: input.value || null });
      input.addEventListener('input', sync);
      sync();
      return input;
    }
    case 'image':
      return Object.assign(el('img', 'bk-accessory-img'), { src: e.image_url, alt: e.alt_text ?? '' });
    default:
      return el('span', 'bk-unknown', `Unsupported element: ${esc(e.type)}`);
  }
}

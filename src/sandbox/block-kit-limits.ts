/**
 * Slack's Block Kit limits (shared/SLACK-FACTS.md), checked the way Slack does: a violation answers
 * `invalid_blocks`. Used by the fake Web API server and by renderer unit tests.
 */
type Json = Record<string, unknown>;

const textOf = (t: unknown): string => (t && typeof t === 'object' ? String((t as Json).text ?? '') : '');

export function blockKitErrors(blocks: unknown, surface: 'message' | 'modal' | 'home' = 'message'): string[] {
  const errors: string[] = [];
  if (!Array.isArray(blocks)) return ['blocks must be an array'];
  const max = surface === 'message' ? 50 : 100;
  if (blocks.length > max) errors.push(`too many blocks: ${blocks.length} > ${max}`);
  const blockIds = new Set<string>();
  blocks.forEach((b: Json, i) => {
    const where = `blocks[${i}] (${String(b.type)})`;
    if (typeof b.block_id === 'string') {
      if (b.block_id.length > 255) errors.push(`${where}: block_id longer than 255`);
      if (blockIds.has(b.block_id)) errors.push(`${where}: duplicate block_id ${b.block_id}`);
      blockIds.add(b.block_id);
    }
    switch (b.type) {
      case 'header':
        if (textOf(b.text).length > 150 || textOf(b.text).length === 0)
          errors.push(`${where}: header text must be 1-150`);
        break;
      case 'section': {
        const t = textOf(b.text);
        if (b.text && (t.length === 0 || t.length > 3000))
          errors.push(`${where}: section text must be 1-3000 (got ${t.length})`);
        const fields = (b.fields as unknown[]) ?? [];
        if (fields.length > 10) errors.push(`${where}: more than 10 fields`);
        for (const f of fields) if (textOf(f).length > 2000) errors.push(`${where}: field longer than 2000`);
        if (!b.text && fields.length === 0) errors.push(`${where}: section needs text or fields`);
        if (b.accessory) errors.push(...elementErrors(b.accessory as Json, `${where}.accessory`));
        break;
      }
      case 'context': {
        const els = (b.elements as unknown[]) ?? [];
        if (els.length === 0 || els.length > 10) errors.push(`${where}: context needs 1-10 elements`);
        for (const e of els)
          if (textOf(e).length > 3000) errors.push(`${where}: context text longer than 3000`);
        break;
      }
      case 'actions': {
        const els = (b.elements as Json[]) ?? [];
        if (els.length === 0 || els.length > 25) errors.push(`${where}: actions needs 1-25 elements`);
        const ids = new Set<string>();
        for (const e of els) {
          if (typeof e.action_id === 'string') {
            if (ids.has(e.action_id)) errors.push(`${where}: duplicate action_id ${e.action_id}`);
            ids.add(e.action_id);
          }
          errors.push(...elementErrors(e, where));
        }
        break;
      }
      case 'input':
        if (b.element) errors.push(...elementErrors(b.element as Json, `${where}.element`));
        if (textOf(b.label).length > 2000) errors.push(`${where}: label longer than 2000`);
        break;
      case 'divider':
      case 'rich_text':
      case 'image':
        break;
      default:
        errors.push(`${where}: unknown block type`);
    }
  });
  return errors;
}

function optionErrors(o: Json, where: string): string[] {
  const e: string[] = [];
  const t = textOf(o.text);
  if (t.length === 0 || t.length > 75) e.push(`${where}: option text must be 1-75 (got ${t.length})`);
  if (o.description && textOf(o.description).length > 75)
    e.push(`${where}: option description longer than 75`);
  if (typeof o.value !== 'string' || o.value.length > 75)
    e.push(`${where}: option value must be a string ≤ 75`);
  return e;
}

const same = (a: Json, b: Json) => JSON.stringify(a) === JSON.stringify(b);

function elementErrors(e: Json, where: string): string[] {
  const errors: string[] = [];
  const w = `${where} ${String(e.type)}`;
  if (typeof e.action_id === 'string' && e.action_id.length > 255)
    errors.push(`${w}: action_id longer than 255`);
  switch (e.type) {
    case 'button':
      if (textOf(e.text).length === 0 || textOf(e.text).length > 75)
        errors.push(`${w}: button text must be 1-75`);
      if (typeof e.value === 'string' && e.value.length > 2000)
        errors.push(`${w}: button value longer than 2000`);
      break;
    case 'checkboxes':
    case 'radio_buttons':
    case 'static_select':
    case 'overflow': {
      const opts = (e.options as Json[]) ?? [];
      const max = e.type === 'overflow' ? 5 : e.type === 'static_select' ? 100 : 10;
      const min = e.type === 'overflow' ? 1 : 1;
      if (opts.length < min || opts.length > max)
        errors.push(`${w}: needs ${min}-${max} options (got ${opts.length})`);
      opts.forEach((o, i) => {
        errors.push(...optionErrors(o, `${w}.options[${i}]`));
      });
      const initial = (e.initial_options as Json[]) ?? [];
      for (const io of initial)
        if (!opts.some((o) => same(o, io)))
          errors.push(`${w}: initial_option ${String(io.value)} does not equal any option exactly`);
      break;
    }
    default:
      break;
  }
  return errors;
}

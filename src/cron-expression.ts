import { Cron } from 'croner';

// croner parses the expression and computes every occurrence (src/jobs/cron-periods.ts). What is left here
// is a thin check of each field's shape so a user reads which field and value is wrong in our words
// (croner says "Invalid value for month: 12" for a 13), and a narrowing to the forms that croner and
// node-cron (the scheduler's trigger) both run and read the same way.

/** A validated 5-field cron expression (minute hour day-of-month month day-of-week). */
export interface CronSpec {
  readonly source: string;
  /** Both day fields are restricted: croner (classic cron) fires when EITHER matches, node-cron only when both do. */
  readonly bothDaysRestricted: boolean;
}

interface FieldDef {
  name: string;
  min: number;
  max: number;
  /** How many distinct values the field has: the largest step croner takes. */
  span: number;
  names?: readonly string[];
  /** Extra single-token forms croner and node-cron both accept in this field, with what to write instead. */
  special?: { pattern: RegExp; hint: string };
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const FIELDS: readonly FieldDef[] = [
  { name: 'minute', min: 0, max: 59, span: 60 },
  { name: 'hour', min: 0, max: 23, span: 24 },
  {
    name: 'day-of-month',
    min: 1,
    max: 31,
    span: 31,
    // `L-3` and `L` next to `W` in a list: croner refuses them, node-cron accepts them.
    special: {
      pattern: /^(L|LW|\d{1,2}W)$/i,
      hint: 'L (last day), LW (last weekday) or a day with W (nearest weekday, e.g. 15W)',
    },
  },
  { name: 'month', min: 1, max: 12, span: 12, names: MONTHS },
  // 7 is accepted as Sunday, as in Vixie cron, croner and node-cron.
  {
    name: 'day-of-week',
    min: 0,
    max: 7,
    span: 7,
    names: DAYS,
    special: {
      pattern: /^([0-7]L|[0-7]#[1-5])$/i,
      hint: 'a weekday with L (the last one, e.g. 5L) or with #1-#5 (the nth one, e.g. 5#2)',
    },
  },
];

function value(text: string, f: FieldDef): number {
  const named = f.names?.indexOf(text.toLowerCase()) ?? -1;
  if (named >= 0) return f.name === 'month' ? named + 1 : named;
  if (!/^\d+$/.test(text)) throw new Error(`${f.name} "${text}" is not a number`);
  const n = Number(text);
  if (n < f.min || n > f.max) throw new Error(`${f.name} ${n} out of range ${f.min}-${f.max}`);
  return n;
}

function checkPart(part: string, f: FieldDef, alone: boolean): void {
  // Names such as wed or jul contain the letters of the special forms.
  const bare = f.names ? part.toLowerCase().replace(new RegExp(f.names.join('|'), 'g'), '') : part;
  if (f.special && /[lw#]/i.test(bare)) {
    if (f.special.pattern.test(part) && (alone || !/W/i.test(part))) {
      const n = /^\d+/.exec(part)?.[0];
      if (n !== undefined) value(n, f);
      return;
    }
    throw new Error(`${f.name} "${part}" is not supported; use ${f.special.hint}, on its own`);
  }
  const [range = '', stepText, extra] = part.split('/');
  if (extra !== undefined || range === '') throw new Error(`${f.name} "${part}" is malformed`);
  if (stepText !== undefined) {
    if (!/^\d+$/.test(stepText) || Number(stepText) === 0)
      throw new Error(`${f.name} step "${stepText}" must be a positive number`);
    if (Number(stepText) > f.span)
      throw new Error(`${f.name} step ${stepText} is larger than the field (at most ${f.span})`);
    if (range !== '*' && !range.includes('-'))
      throw new Error(
        `${f.name} "${part}" is malformed; write */${stepText} or ${range}-${f.max}/${stepText}`,
      );
  }
  if (range === '*') return;
  const bounds = range.split('-');
  if (bounds.length > 2) throw new Error(`${f.name} "${part}" is malformed`);
  const [lo, hi] = bounds.map((b) => value(b, f));
  if (hi !== undefined && (lo as number) > hi) throw new Error(`${f.name} range ${range} is backwards`);
}

/**
 * Checks a standard 5-field cron expression, field by field, then has croner parse it. Throws an Error
 * whose message names the field and value that is wrong.
 */
export function parseCron(expression: string): CronSpec {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5)
    throw new Error(`expected 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`);
  parts.forEach((text, i) => {
    const f = FIELDS[i] as FieldDef;
    const items = text.split(',');
    for (const item of items) checkPart(item, f, items.length === 1);
  });
  // Anything croner still refuses (none known after the checks above) surfaces with croner's own words.
  new Cron(expression, { paused: true, mode: '5-part', timezone: 'UTC' });
  return { source: expression, bothDaysRestricted: parts[2] !== '*' && parts[4] !== '*' };
}

/**
 * parseCron, narrowed to what the scheduler can run: node-cron requires both day fields to match where
 * croner and classic cron require either, so an expression restricting both is refused: node-cron would
 * not trigger on the days only one of them matches.
 */
export function parseSchedule(expression: string): CronSpec {
  const spec = parseCron(expression);
  if (spec.bothDaysRestricted)
    throw new Error(
      'day-of-month and day-of-week are both restricted; cron runs on days matching either, node-cron only on days matching both: restrict one and leave the other *',
    );
  return spec;
}

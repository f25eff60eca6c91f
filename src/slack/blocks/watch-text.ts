/** Formatting shared by the watch messages. */
export { escapeMrkdwn as esc, mention, truncate } from './text.js';

/** Slack renders `<!date^…>` in each reader's own time zone; the fallback is for clients that cannot. */
export const slackDate = (ms: number) =>
  `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${new Date(ms).toISOString()}>`;

/** 29.8 %, 1.0 %, 0.25 %, 0.004 %: enough digits to tell a small ratio from zero. */
export const percent = (ratio: number) => {
  const p = ratio * 100;
  const digits = p >= 1 || p === 0 ? 1 : p >= 0.1 ? 2 : 3;
  return `${p.toFixed(digits)} %`;
};

const count = (n: number) => n.toLocaleString('en-US');

export const figures = (s: { ratio: number; errors: number; total: number }) =>
  `${percent(s.ratio)} (${count(s.errors)} of ${count(s.total)} requests)`;

/** "30 s", "2 min": the length of the stretch a sample covers. */
export const span = (ms: number) => {
  const sec = Math.max(1, Math.round(ms / 1000));
  return sec < 120 ? `${sec} s` : `${Math.round(sec / 60)} min`;
};

/** One sample's own figures: "29.8 % — 358 of 1,201 requests in the last 30 s". */
export const sampleFigures = (
  s: { ratio: number; errors: number; total: number; at?: number | undefined; since?: number | undefined },
  intervalMs: number,
) => {
  const ms = s.at !== undefined && s.since !== undefined ? s.at - s.since : intervalMs;
  return `${percent(s.ratio)} — ${count(s.errors)} of ${count(s.total)} requests in the last ${span(ms)}`;
};

export const minutes = (m: number) => `${m} min`;

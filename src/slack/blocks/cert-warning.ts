import type { CertItemRef } from '../../jobs/job-notices.js';
import type { Block } from '../ports.js';
import { clip, esc } from './maintenance-text.js';

export type { CertItemRef };

const itemLine = (item: CertItemRef | undefined) =>
  item ? `\nChecklist item: *${esc(item.text)}* (${esc(item.where)}) — make sure renewal is automated.` : '';

/** Warning posted once per (service, certificate, threshold). */
export function renderCertWarning(w: {
  service: string;
  url: string;
  daysLeft: number;
  validTo: string;
  item: CertItemRef | undefined;
}): { text: string; blocks: Block[] } {
  const when =
    w.daysLeft <= 0
      ? `*has expired* (valid until ${esc(w.validTo)})`
      : `expires in *${w.daysLeft} day${w.daysLeft === 1 ? '' : 's'}* (valid until ${esc(w.validTo)})`;
  const icon = w.daysLeft <= 7 ? ':rotating_light:' : ':warning:';
  const text = `${icon} The TLS certificate of *${esc(w.service)}* (${esc(w.url)}) ${when}.${itemLine(w.item)}`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: clip(text, 3000) } }] };
}

/** Posted at most once a day per service while its certificate cannot be read. */
export function renderCertUnreachable(w: {
  service: string;
  url: string;
  error: string;
  item: CertItemRef | undefined;
}): { text: string; blocks: Block[] } {
  const text = `:grey_question: Could not check the TLS certificate of *${esc(w.service)}* (${esc(w.url)}): ${esc(clip(w.error, 500))}${itemLine(w.item)}`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: clip(text, 3000) } }] };
}

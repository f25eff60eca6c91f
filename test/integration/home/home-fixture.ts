import { resolve } from 'node:path';
import type { Harness } from '../../helpers/slack-harness.js';

/** Two sections with sign-off owners (a user group and a user), one release approver. */
export const homeConfig = (extra = '') => `
timezone: UTC
checklist: ${resolve('test/fixtures/mini-checklist.yml')}
requiredApprovals: 1
approvers:
  release: [UREL1]
  sections:
    security: [SSECURITY]
    database: [UDBA]
${extra}`;

type Json = Record<string, unknown>;

/** The Home last published for `user`, split into its titled lists (block texts, one string per row). */
export function homeOf(h: Harness, user: string) {
  const view = h.fake.homes.get(user) as { blocks: Json[]; private_metadata?: string } | undefined;
  if (!view) throw new Error(`no Home published for ${user}`);
  const lists = new Map<string, string[]>();
  let current = '(top)';
  for (const b of view.blocks) {
    const text = String((b.text as Json | undefined)?.text ?? '');
    if (b.type === 'header') {
      current = text;
      lists.set(current, []);
    } else if (b.type === 'section' || b.type === 'context') {
      const row = b.type === 'context' ? String(((b.elements as Json[])[0] as Json).text) : text;
      lists.set(current, [...(lists.get(current) ?? []), row]);
    }
  }
  const json = JSON.stringify(view.blocks);
  return {
    view,
    list: (title: string) => lists.get(title) ?? [],
    top: () => lists.get(':rocket: deploy-check') ?? [],
    hasApprove: (releaseId: string) => json.includes('"home:approve"') && json.includes(`"${releaseId}"`),
  };
}

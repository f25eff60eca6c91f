import type { Checklist } from '../../checklist/checklist.js';
import type { ReleaseSnapshot } from '../../db/repos/release-repo.js';
import { approvalsSatisfied, plainTitle, releaseProgress } from '../../domain/release-rules.js';
import type { Block } from '../ports.js';
import { escapeMrkdwn, formatTime, mention, truncate } from './text.js';

const STATUS: Record<string, string> = {
  open: ':large_blue_circle: Open — checklist in progress',
  approved: ':large_green_circle: Approved — ready to deploy',
  deployed: ':rocket: Deployed — watching production',
  cancelled: ':no_entry_sign: Cancelled',
  rolled_back: ':rewind: Rolled back',
};

export interface ParentContext {
  checklist: Checklist;
  requiredApprovals: number;
  timeZone: string;
}

export const releaseTitle = (r: { service: string; version: string; env: string }) =>
  `Release ${r.service} ${r.version} → ${r.env}`;

/** A bar of `width` cells, filled for the items settled (done or N/A). */
export function progressBar(checklist: Checklist, snap: ReleaseSnapshot, width = 20): string {
  const p = releaseProgress(checklist, snap);
  const filled = Math.round(((p.done + p.na) / Math.max(1, p.total)) * width);
  return `${'▰'.repeat(filled)}${'▱'.repeat(width - filled)}`;
}

export function progressLine(checklist: Checklist, snap: ReleaseSnapshot): string {
  const p = releaseProgress(checklist, snap);
  return `${p.done}/${p.total} done · ${p.na} N/A${p.failing ? ` · ${p.failing} failing` : ''}`;
}

/** Who opened it from a pipeline, with the run link and changelog the pipeline sent. */
function openedLine(snap: ReleaseSnapshot): string {
  const o = snap.opened;
  if (!o?.by) return '';
  const run = o.url ? ` (<${o.url.replace(/[<>|]/g, encodeURIComponent)}|pipeline run>)` : '';
  const log = o.changelog ? `\n*Changelog:* ${escapeMrkdwn(truncate(o.changelog, 1000))}` : '';
  const who = o.requestedBy ? ` for ${escapeMrkdwn(o.requestedBy)}` : '';
  return ` · opened by \`${escapeMrkdwn(o.by)}\`${who}${run}${log}`;
}

/** The parent status message: what is being released, by whom, how far along, and what to do next. */
export function renderReleaseParent(
  snap: ReleaseSnapshot,
  ctx: ParentContext,
): { text: string; blocks: Block[] } {
  const r = snap.release;
  const { checklist, timeZone } = ctx;
  const bar = progressBar(checklist, snap);
  const signoffs = checklist.sections
    .map((s) => {
      const so = snap.signoffs.get(s.id);
      return so
        ? `:white_check_mark: ${plainTitle(s.title)} (${mention(so.userId)})`
        : `:white_square: ${plainTitle(s.title)}`;
    })
    .join('  ');
  const approvers = snap.approvals
    .map((a) => `${mention(a.userId)} ${formatTime(a.at, timeZone)}`)
    .join(', ');
  const approvalsDone = approvalsSatisfied(snap, ctx.requiredApprovals);
  const buttons: Block = {
    type: 'actions',
    block_id: 'release_actions',
    elements: [
      ...(r.status === 'open' || r.status === 'approved' || r.status === 'deployed'
        ? [
            {
              type: 'button' as const,
              action_id: 'release:probe',
              text: { type: 'plain_text' as const, text: ':mag: Run probes', emoji: true },
              value: r.id,
            },
          ]
        : []),
      ...(r.status === 'open'
        ? [
            {
              type: 'button' as const,
              action_id: 'release:approve',
              style: 'primary' as const,
              text: { type: 'plain_text' as const, text: 'Approve release' },
              value: r.id,
            },
          ]
        : []),
      ...(r.status === 'approved'
        ? [
            {
              type: 'button' as const,
              action_id: 'release:deployed',
              style: 'primary' as const,
              text: { type: 'plain_text' as const, text: 'Mark deployed' },
              value: r.id,
              confirm: {
                title: { type: 'plain_text' as const, text: 'Mark deployed?' },
                text: {
                  type: 'mrkdwn' as const,
                  text: `This starts the post-deploy error-rate watch for *${r.service} ${r.version}*.`,
                },
                confirm: { type: 'plain_text' as const, text: 'Deployed' },
                deny: { type: 'plain_text' as const, text: 'Not yet' },
              },
            },
          ]
        : []),
      ...(r.status === 'open' || r.status === 'approved'
        ? [
            {
              type: 'button' as const,
              action_id: 'release:cancel',
              style: 'danger' as const,
              text: { type: 'plain_text' as const, text: 'Cancel' },
              value: r.id,
              confirm: {
                title: { type: 'plain_text' as const, text: 'Cancel this release?' },
                text: { type: 'plain_text' as const, text: 'The checklist is kept on record but locked.' },
                confirm: { type: 'plain_text' as const, text: 'Cancel release' },
                deny: { type: 'plain_text' as const, text: 'Keep it' },
              },
            },
          ]
        : []),
      {
        type: 'button',
        action_id: 'release:export',
        text: { type: 'plain_text', text: 'Export record' },
        value: r.id,
      },
    ],
  };
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(releaseTitle(r), 150), emoji: true } },
    {
      type: 'section',
      block_id: 'release_summary',
      text: {
        type: 'mrkdwn',
        text: truncate(
          `*Status:* ${STATUS[r.status] ?? r.status}\n*Owner:* ${mention(r.createdBy)}${openedLine(snap)}\n*Progress:* \`${bar}\` ${progressLine(checklist, snap)}`,
          3000,
        ),
      },
    },
    {
      type: 'section',
      block_id: 'release_signoffs',
      text: { type: 'mrkdwn', text: truncate(`*Sign-offs:* ${signoffs}`, 3000) },
    },
    {
      type: 'section',
      block_id: 'release_approvals',
      text: {
        type: 'mrkdwn',
        text: truncate(
          `*Approvals:* ${snap.approvals.length}/${ctx.requiredApprovals}${approvers ? ` — ${approvers}` : ''}${
            approvalsDone ? ' :white_check_mark:' : ''
          }${r.deployedBy && r.deployedAt ? `\n*Deployed* by ${mention(r.deployedBy)} at ${formatTime(r.deployedAt, timeZone)}` : ''}`,
          3000,
        ),
      },
    },
    buttons,
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `Release \`${r.id}\` · opened ${formatTime(r.createdAt, timeZone)} · checklist \`${r.checklistHash}\` · tick items in the thread below`,
        },
      ],
    },
  ];
  return { text: `${releaseTitle(r)} — ${progressLine(checklist, snap)} — ${r.status}`, blocks };
}

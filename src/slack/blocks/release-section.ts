import type { Checklist, ChecklistGroup, ChecklistItem } from '../../checklist/checklist.js';
import type { ItemStateRow, ReleaseSnapshot } from '../../db/repos/release-repo.js';
import { plainTitle, sectionProgress } from '../../domain/release-rules.js';
import type { Block } from '../ports.js';
import { formatTime, mention, neutralizeBidi, truncate } from './text.js';

// Slack: checkboxes take 1-10 options; option text/description ≤ 75 chars (SLACK-FACTS.md).
const OPTIONS_PER_ELEMENT = 10;
const OPTION_TEXT = 75;

// Option descriptions are plain_text only, so people appear by display name, not as <@mentions>.
type Option = {
  text: { type: 'mrkdwn'; text: string };
  value: string;
  description?: { type: 'plain_text'; text: string; emoji: true };
};

function describeState(
  s: ItemStateRow | undefined,
  timeZone: string,
  names: ReadonlyMap<string, string>,
): string | undefined {
  if (!s || s.state === 'open') return undefined;
  const who = names.get(s.by) ?? s.by;
  const when = formatTime(s.at, timeZone);
  if (s.state === 'na') return `N/A (${who}): ${neutralizeBidi(s.reason ?? '')}`;
  if (s.state === 'failing') return `✗ ${s.evidence ?? 'machine check failing'}`;
  if (s.source === 'probe') return `🤖 verified by probe · ${when}`;
  if (s.source === 'watch') return `📈 verified by watch · ${when}`;
  // "verified by scan at <commit> (run #n): path:line", most telling part first for the 75 characters.
  if (s.source === 'scan') return `🔎 ${s.evidence ?? 'verified by scan'}`;
  if (s.reason?.startsWith('override:'))
    return `✓ ${who} overrode: ${neutralizeBidi(s.reason.slice(9).trim())}`;
  return `✓ ${who} · ${when}`;
}

export function renderOption(
  item: ChecklistItem,
  s: ItemStateRow | undefined,
  timeZone: string,
  names: ReadonlyMap<string, string> = new Map(),
): Option {
  const prefix = s?.state === 'failing' ? ':x: ' : '';
  const text =
    s?.state === 'na'
      ? `~${truncate(item.text, OPTION_TEXT - 2)}~`
      : truncate(`${prefix}${item.text}`, OPTION_TEXT);
  const d = describeState(s, timeZone, names);
  return {
    text: { type: 'mrkdwn', text },
    value: item.id,
    ...(d ? { description: { type: 'plain_text', text: truncate(d, 75), emoji: true } } : {}),
  };
}

export const groupBlockId = (releaseId: string, sectionIdx: number, groupIdx: number, chunk: number) =>
  `g|${releaseId}|${sectionIdx}|${groupIdx}|${chunk}`;

export function parseGroupBlockId(blockId: string) {
  const m = blockId.match(/^g\|([a-z0-9]+)\|(\d+)\|(\d+)\|(\d+)$/);
  return m ? { releaseId: m[1]!, sectionIdx: Number(m[2]), groupIdx: Number(m[3]) } : undefined;
}

function groupBlocks(
  releaseId: string,
  si: number,
  gi: number,
  group: ChecklistGroup,
  snap: ReleaseSnapshot,
  tz: string,
  editable: boolean,
): Block[] {
  const title = group.description ? `*${group.title}* — ${group.description}` : `*${group.title}*`;
  const blocks: Block[] = [
    { type: 'section', block_id: `gh|${si}|${gi}`, text: { type: 'mrkdwn', text: truncate(title, 3000) } },
  ];
  const hasNa = group.items.some((i) => snap.items.get(i.id)?.state === 'na');
  const hasFailing = group.items.some((i) => snap.items.get(i.id)?.state === 'failing');
  for (let c = 0; c * OPTIONS_PER_ELEMENT < group.items.length; c++) {
    const items = group.items.slice(c * OPTIONS_PER_ELEMENT, (c + 1) * OPTIONS_PER_ELEMENT);
    const options = items.map((i) => renderOption(i, snap.items.get(i.id), tz, snap.names));
    const initial = options.filter((o) => snap.items.get(o.value)?.state === 'done');
    const value = (mode: string) => `${mode}|${releaseId}|${si}|${gi}`;
    const menu = [
      { text: { type: 'plain_text' as const, text: 'Mark an item N/A…' }, value: value('na') },
      ...(hasNa
        ? [{ text: { type: 'plain_text' as const, text: 'Clear N/A…' }, value: value('clear') }]
        : []),
      ...(hasFailing
        ? [
            {
              text: { type: 'plain_text' as const, text: 'Override failing check…' },
              value: value('override'),
            },
          ]
        : []),
    ];
    blocks.push({
      type: 'actions',
      block_id: groupBlockId(releaseId, si, gi, c),
      elements: [
        {
          type: 'checkboxes',
          action_id: 'item_toggle',
          options,
          ...(initial.length ? { initial_options: initial } : {}),
        },
        ...(editable && c === 0
          ? [{ type: 'overflow' as const, action_id: 'item_menu', options: menu }]
          : []),
      ],
    });
  }
  return blocks;
}

/** One thread message per checklist section: its groups as checkboxes, progress, and its sign-off. */
export function renderReleaseSection(
  snap: ReleaseSnapshot,
  sectionId: string,
  ctx: { checklist: Checklist; timeZone: string; signers: readonly string[] },
): { text: string; blocks: Block[] } {
  const { checklist, timeZone } = ctx;
  const si = checklist.allSections.findIndex((s) => s.id === sectionId);
  const section = checklist.allSections[si];
  if (!section) throw new Error(`unknown section ${sectionId}`);
  const r = snap.release;
  const p = sectionProgress(checklist, snap, sectionId);
  const isPost = sectionId === checklist.postDeployment.id;
  const editable = r.status === 'open' || (isPost && (r.status === 'approved' || r.status === 'deployed'));
  const so = snap.signoffs.get(sectionId);
  const signLine = isPost
    ? 'Verified after the deploy; the error-rate watch ticks what it can verify.'
    : so
      ? `:white_check_mark: Signed off by ${mention(so.userId)} · ${formatTime(so.at, timeZone)}`
      : `Not signed off yet${ctx.signers.length ? ` — sign-off by ${ctx.signers.map(mention).join(', ')}` : ''}`;
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(section.title, 150), emoji: true } },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: truncate(
            `*${p.done}/${p.total} done · ${p.na} N/A${p.failing ? ` · ${p.failing} failing` : ''}* · ${signLine}`,
            3000,
          ),
        },
      ],
    },
    ...section.groups.flatMap((g, gi) => groupBlocks(r.id, si, gi, g, snap, timeZone, editable)),
  ];
  if (!isPost && r.status === 'open')
    blocks.push({
      type: 'actions',
      block_id: `signoff|${si}`,
      elements: [
        {
          type: 'button',
          action_id: 'section:signoff',
          text: { type: 'plain_text', text: so ? 'Signed off ✓' : 'Sign off section' },
          value: `${r.id}|${sectionId}`,
          ...(so ? {} : { style: 'primary' as const }),
        },
      ],
    });
  return {
    text: `${plainTitle(section.title)} — ${p.done}/${p.total} done (${r.service} ${r.version})`,
    blocks,
  };
}

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { AppError, ErrorCode } from '../errors.js';
import { commonIssueSchema } from './common-issues.js';
import defaultChecklistJson from './default-checklist.json' with { type: 'json' };

// Item IDs travel as checkbox option values, which Slack caps at 75 characters.
const itemId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lowercase letters, digits, . _ -')
  .max(75);
const verifier = z
  .string()
  .regex(/^(probe|monitor|scan):[a-z0-9-]+$/, 'must look like probe:<id>, scan:<id> or monitor:<id>');

const itemSchema = z
  .object({ id: itemId, text: z.string().min(1), verifiedBy: z.array(verifier).optional() })
  .strict();
const groupSchema = z
  .object({
    id: itemId,
    title: z.string().min(1),
    description: z.string().default(''),
    items: z.array(itemSchema).min(1),
  })
  .strict();
const sectionSchema = z
  .object({ id: itemId, title: z.string().min(1), groups: z.array(groupSchema).min(1).max(20) })
  .strict();

export const checklistSchema = z
  .object({
    version: z.number().int(),
    name: z.string(),
    sections: z.array(sectionSchema).min(1).max(20),
    postDeployment: sectionSchema,
    rollbackPlan: z.array(itemSchema).min(1),
    maintenance: z.object({ id: itemId, title: z.string(), items: z.array(itemSchema).min(1) }).strict(),
    /** The seed's "Common Production Issues" table; a file without it gets the built-in rows, `[]` none. */
    commonIssues: z.array(commonIssueSchema).max(50).optional(),
  })
  .strict();

export type ChecklistItem = z.infer<typeof itemSchema>;
export type ChecklistGroup = z.infer<typeof groupSchema>;
export type ChecklistSection = z.infer<typeof sectionSchema>;
export interface Checklist extends Omit<z.infer<typeof checklistSchema>, 'commonIssues'> {
  readonly commonIssues: readonly z.infer<typeof commonIssueSchema>[];
  /** Short content hash, stored with each release so a changed file is noticed. */
  readonly hash: string;
  /** Every release-thread section in display order: pre-deployment sections, then post-deployment. */
  readonly allSections: readonly ChecklistSection[];
  /** Items that must be done or N/A before approval (pre-deployment sections only). */
  readonly requiredItemIds: readonly string[];
  readonly itemById: ReadonlyMap<
    string,
    { item: ChecklistItem; group: ChecklistGroup; section: ChecklistSection }
  >;
  readonly sectionById: ReadonlyMap<string, ChecklistSection>;
}

export function buildChecklist(raw: unknown, source = 'checklist'): Checklist {
  const r = checklistSchema.safeParse(raw);
  if (!r.success) {
    const msg = r.error.issues.map((i) => `${source}: ${i.path.join('.')} ${i.message}`).join('\n');
    throw new AppError(ErrorCode.CHECKLIST_INVALID, msg);
  }
  const c = r.data;
  const allSections = [...c.sections, c.postDeployment];
  const itemById = new Map<
    string,
    { item: ChecklistItem; group: ChecklistGroup; section: ChecklistSection }
  >();
  const sectionById = new Map<string, ChecklistSection>();
  const seen = new Set<string>();
  const claim = (id: string, what: string) => {
    if (seen.has(id))
      throw new AppError(ErrorCode.CHECKLIST_INVALID, `${source}: duplicate id "${id}" (${what})`);
    seen.add(id);
  };
  for (const section of allSections) {
    claim(section.id, 'section');
    sectionById.set(section.id, section);
    for (const group of section.groups) {
      claim(group.id, 'group');
      for (const item of group.items) {
        claim(item.id, 'item');
        itemById.set(item.id, { item, group, section });
      }
    }
  }
  for (const i of [...c.rollbackPlan, ...c.maintenance.items]) claim(i.id, 'item');
  const commonIssues = c.commonIssues ?? builtInIssues();
  for (const i of commonIssues) claim(i.id, 'common issue');
  const requiredItemIds = c.sections.flatMap((s) => s.groups.flatMap((g) => g.items.map((i) => i.id)));
  // The issues table is reference text, not release items: editing it must not mark releases as changed.
  const { commonIssues: _issues, ...items } = c;
  const hash = createHash('sha256').update(JSON.stringify(items)).digest('hex').slice(0, 12);
  return Object.freeze({ ...c, commonIssues, hash, allSections, requiredItemIds, itemById, sectionById });
}

const builtInIssues = () =>
  z.array(commonIssueSchema).parse((defaultChecklistJson as { commonIssues?: unknown }).commonIssues ?? []);

export const defaultChecklist = (): Checklist =>
  buildChecklist(defaultChecklistJson, 'default-checklist.json');

/** Loads a team's own checklist (JSON or YAML) or the built-in one from the seed. */
export function loadChecklist(path?: string): Checklist {
  if (!path) return defaultChecklist();
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new AppError(
      ErrorCode.CHECKLIST_INVALID,
      `checklist: cannot read ${path}: ${(e as NodeJS.ErrnoException).code}`,
    );
  }
  let raw: unknown;
  try {
    raw = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new AppError(ErrorCode.CHECKLIST_INVALID, `${path}: cannot parse: ${(e as Error).message}`);
  }
  return buildChecklist(raw, path);
}

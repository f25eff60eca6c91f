// One-off generator: turns the seed markdown into src/checklist/default-checklist.json.
// IDs are derived once and then committed; edit the JSON (not this script) to keep IDs stable.
import { readFileSync, writeFileSync } from 'node:fs';

const [, , seedPath, outPath] = process.argv;
const md = readFileSync(seedPath, 'utf8');
const sectionIds = {
  'Security Configuration': ['security', ':lock: Security'],
  'Database Configuration': ['database', ':bar_chart: Database'],
  'Application Configuration': ['application', ':rocket: Application'],
  'Container & Deployment': ['container', ':whale: Container & Deployment'],
  'Documentation & Operations': ['docs-ops', ':memo: Docs & Operations'],
  'Final Pre-Deployment Tests': ['final-tests', ':white_check_mark: Final tests'],
};
const slug = (s, words = 4) =>
  s.toLowerCase().replace(/`/g, '').replace(/[^a-z0-9]+/g, ' ').trim().split(' ').slice(0, words).join('-');
const sections = [];
let section = null;
let group = null;
let mode = 'pre';
const post = [];
const rollback = [];
const maintenance = [];
for (const raw of md.split('\n')) {
  const line = raw.replace(/\s+$/, '');
  if (line.startsWith('## ')) {
    mode = line.includes('Post-Deployment') ? 'post' : line.includes('Rollback') ? 'rollback'
      : line.includes('Monthly') ? 'maintenance' : line.includes('Common') ? 'skip' : 'pre';
    continue;
  }
  if (mode === 'pre' && line.startsWith('### ')) {
    const name = Object.keys(sectionIds).find((k) => line.includes(k));
    const [id, title] = sectionIds[name];
    section = { id, title, groups: [] };
    sections.push(section);
    continue;
  }
  let m;
  if (mode === 'pre' && (m = line.match(/^- \[ \] \*\*(.+?)\*\*:?\s*(.*)$/))) {
    const title = m[1].replace(/:$/, '');
    group = { id: `${section.id}.${slug(title.replace(/\(.*\)/, ''), 2)}`, title, description: m[2].replace(/^:\s*/, ''), items: [] };
    section.groups.push(group);
    continue;
  }
  if (mode === 'pre' && (m = line.match(/^ {2}- \[ \] (.+)$/))) {
    group.items.push({ id: `${group.id}.${slug(m[1])}`, text: m[1] });
    continue;
  }
  if ((m = line.match(/^- \[ \] (.+)$/))) {
    if (mode === 'post') post.push({ id: `post.${slug(m[1], 3)}`, text: m[1] });
    if (mode === 'maintenance') maintenance.push({ id: `monthly.${slug(m[1], 3)}`, text: m[1] });
  }
  if (mode === 'rollback' && (m = line.match(/^\d+\. (.+)$/))) rollback.push({ id: `rollback.${slug(m[1], 3)}`, text: m[1] });
}
const out = {
  version: 1,
  name: 'FastAPI production deployment',
  sections,
  postDeployment: { id: 'post-deploy', title: ':mag: Post-deployment verification', groups: [{ id: 'post', title: 'After the deploy', description: '', items: post }] },
  rollbackPlan: rollback,
  maintenance: { id: 'monthly', title: ':calendar: Monthly maintenance', items: maintenance },
};
writeFileSync(outPath, `${JSON.stringify(out, null, 2)}\n`);
const n = sections.reduce((a, s) => a + s.groups.reduce((b, g) => b + g.items.length, 0), 0);
console.log(`sections=${sections.length} items=${n} post=${post.length} rollback=${rollback.length} monthly=${maintenance.length}`);

import { buildChecklist, type ChecklistItem } from '../../src/checklist/checklist.js';

/**
 * The smallest valid checklist around the items a test is about: one pre-deployment section (`sec`) with
 * one group (`grp`), and the one-item post-deployment, rollback and maintenance parts a checklist needs.
 */
export function oneGroupChecklist(items: ChecklistItem[], titles = { section: 'Security', group: 'G' }) {
  return buildChecklist({
    version: 1,
    name: 'test',
    sections: [{ id: 'sec', title: titles.section, groups: [{ id: 'grp', title: titles.group, items }] }],
    postDeployment: {
      id: 'post',
      title: 'Post',
      groups: [{ id: 'pg', title: 'P', items: [{ id: 'p1', text: 'x' }] }],
    },
    rollbackPlan: [{ id: 'rb', text: 'Rollback' }],
    maintenance: { id: 'm', title: 'M', items: [{ id: 'm1', text: 'm' }] },
  });
}

import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadChecklist } from '../../../src/checklist/checklist.js';
import { parseFileConfig } from '../../../src/config.js';
import type { ReleaseSnapshot } from '../../../src/db/repos/release-repo.js';
import { buildHomeModel } from '../../../src/domain/app-home.js';
import { releaseSnapshot } from '../../helpers/release-snapshot.js';

const checklist = loadChecklist(resolve('test/fixtures/mini-checklist.yml'));
const config = {
  file: parseFileConfig(`
approvers:
  release: [SREL]
  sections: { security: [SSEC], post-deploy: [USRE] }
`),
};
const done = (ids: string[]) =>
  new Map(
    ids.map((itemId) => [
      itemId,
      {
        releaseId: 'r1',
        itemId,
        state: 'done' as const,
        source: 'user' as const,
        by: 'U',
        at: 0,
        reason: null,
        evidence: null,
      },
    ]),
  );
const snap = ({
  status,
  ...rest
}: Partial<ReleaseSnapshot> & { status?: ReleaseSnapshot['release']['status'] }): ReleaseSnapshot =>
  releaseSnapshot({ id: 'r1', createdBy: 'UOWNER', status: status ?? 'open' }, rest);
const model = (who: { userId: string; groups?: string[] }, s: ReleaseSnapshot) =>
  buildHomeModel(
    { userId: who.userId, groups: who.groups ?? [] },
    { active: [s], finished: [], maintenance: [] },
    { checklist, config },
  );
const signed = (ids: string[]) =>
  new Map(ids.map((sectionId) => [sectionId, { releaseId: 'r1', sectionId, userId: 'U', at: 0 }]));
const allPre = ['security.tls.valid', 'security.tls.redirect', 'database.backups.restore'];

describe('buildHomeModel', () => {
  it('a complete section waits on the members of its sign-off group only', () => {
    const s = snap({ items: done(['security.tls.valid', 'security.tls.redirect']) });
    expect(model({ userId: 'USEC', groups: ['SSEC'] }, s).signoffs.map((x) => x.section.id)).toEqual([
      'security',
    ]);
    expect(model({ userId: 'UOTHER' }, s).signoffs).toEqual([]);
  });

  it('a section without configured signers waits on nobody', () => {
    const s = snap({ items: done(['database.backups.restore']) });
    expect(model({ userId: 'UANY' }, s).signoffs).toEqual([]);
  });

  it('the post-deployment section waits on its signers after the deploy, not before it is complete', () => {
    const deployed = (items: string[]) =>
      snap({
        status: 'deployed',
        items: done([...allPre, ...items]),
        signoffs: signed(['security', 'database']),
      });
    expect(model({ userId: 'USRE' }, deployed(['post.health'])).signoffs).toEqual([]);
    expect(
      model({ userId: 'USRE' }, deployed(['post.health', 'post.errors'])).signoffs.map((x) => x.section.id),
    ).toEqual(['post-deploy']);
  });

  it('a ready release waits on the approvers who have not approved it yet', () => {
    const ready = (approvals: ReleaseSnapshot['approvals']) =>
      snap({ items: done(allPre), signoffs: signed(['security', 'database']), approvals });
    expect(model({ userId: 'UREL', groups: ['SREL'] }, ready([])).approvals).toHaveLength(1);
    expect(
      model({ userId: 'UREL', groups: ['SREL'] }, ready([{ releaseId: 'r1', userId: 'UREL', at: 0 }]))
        .approvals,
    ).toEqual([]);
    expect(model({ userId: 'UOWNER' }, ready([])).approvals).toEqual([]);
  });

  it('a release missing a sign-off waits on no approver', () => {
    const s = snap({ items: done(allPre), signoffs: signed(['security']) });
    expect(model({ userId: 'UREL', groups: ['SREL'] }, s).approvals).toEqual([]);
  });
});

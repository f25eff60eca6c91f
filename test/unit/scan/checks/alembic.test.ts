import { describe, expect, it } from 'vitest';
import { alembic } from '../../../../src/scan/checks/alembic.js';
import { alembicDowngrade } from '../../../../src/scan/checks/alembic-downgrade.js';
import { createMemoryRepo, fixture, runCheck } from '../../../helpers/scan-memory-repo.js';

const rev = (id: string, down: string, downgrade = '    op.drop_table("t")') =>
  `revision = "${id}"\ndown_revision = ${down}\n\n\ndef upgrade():\n    op.create_table("t")\n\n\ndef downgrade():\n${downgrade}\n`;

describe('scan:alembic', () => {
  it('passes a single head with alembic.ini and env.py', () => {
    expect(runCheck(alembic, fixture('template-like'))).toMatchObject({
      verdict: 'pass',
      where: [
        'backend/app/alembic/versions/1a31ce608336_add_cascade_delete_relationships.py:14',
        'backend/alembic.ini:1',
      ],
    });
    expect(runCheck(alembic, fixture('well-configured')).summary).toContain('(0002), 2 revisions');
  });

  it('fails two heads revising the same parent', () => {
    expect(runCheck(alembic, fixture('broken'))).toMatchObject({
      verdict: 'fail',
      where: [
        'alembic/versions/b7e1f09c2a11_add_payments.py:9',
        'alembic/versions/c44d2e8f7b90_add_created_at.py:9',
      ],
    });
  });

  it('fails a broken chain and warns without alembic.ini', () => {
    const broken = createMemoryRepo({
      'alembic.ini': '[alembic]\n',
      'm/env.py': '',
      'm/versions/b.py': rev('b', '"a"'),
    });
    expect(runCheck(alembic, broken)).toMatchObject({ verdict: 'fail', where: ['m/versions/b.py:1'] });
    const noIni = createMemoryRepo({ 'm/env.py': '', 'm/versions/a.py': rev('a', 'None') });
    expect(runCheck(alembic, noIni).verdict).toBe('warn');
    expect(runCheck(alembic, createMemoryRepo({ 'a.py': 'x = 1\n' })).verdict).toBe('unknown');
  });
});

describe('scan:alembic-downgrade', () => {
  it('fails a downgrade() that only has a docstring and pass, on its def line', () => {
    expect(runCheck(alembicDowngrade, fixture('template-like'))).toMatchObject({
      verdict: 'fail',
      where: ['backend/app/alembic/versions/1a31ce608336_add_cascade_delete_relationships.py:30'],
    });
    expect(runCheck(alembicDowngrade, fixture('broken'))).toMatchObject({
      verdict: 'fail',
      where: ['alembic/versions/b7e1f09c2a11_add_payments.py:22'],
    });
  });

  it('fails a missing downgrade() and "..." bodies; passes real ones', () => {
    const repo = createMemoryRepo({
      'v/versions/a.py': rev('a', 'None', '    ...'),
      'v/versions/b.py': 'revision = "b"\ndown_revision = "a"\n\ndef upgrade():\n    pass\n',
    });
    expect(runCheck(alembicDowngrade, repo)).toMatchObject({
      verdict: 'fail',
      where: ['v/versions/a.py:9', 'v/versions/b.py:1'],
    });
    expect(runCheck(alembicDowngrade, fixture('well-configured')).verdict).toBe('pass');
  });
});

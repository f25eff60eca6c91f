import { describe, expect, it } from 'vitest';
import { filteredColumnsIndexed } from '../../../../src/scan/checks/filtered-columns-indexed.js';
import { foreignKeyIndexes } from '../../../../src/scan/checks/foreign-key-indexes.js';
import { uniqueConstraints } from '../../../../src/scan/checks/unique-constraints.js';
import { createMemoryRepo, fixture, runCheck } from '../../../helpers/scan-memory-repo.js';

describe('scan:foreign-key-indexes', () => {
  it('fails the template’s SQLModel Field(foreign_key="user.id") without index', () => {
    const r = runCheck(foreignKeyIndexes, fixture('template-like'));
    expect(r).toMatchObject({ verdict: 'fail', where: ['backend/app/models.py:36'] });
    expect(r.summary).toContain('Item.owner_id');
  });

  it('fails Column(Integer, ForeignKey(...)) without index', () => {
    expect(runCheck(foreignKeyIndexes, fixture('broken'))).toMatchObject({
      verdict: 'fail',
      where: ['models.py:19'],
    });
  });

  it('passes index=True and an index created in a migration', () => {
    expect(runCheck(foreignKeyIndexes, fixture('well-configured'))).toMatchObject({
      verdict: 'pass',
      where: ['app/models.py:30', 'app/models.py:42'],
    });
  });

  it('passes on MySQL, where InnoDB indexes foreign keys', () => {
    const repo = createMemoryRepo({
      'db.py': 'from sqlalchemy import create_engine\nengine = create_engine("mysql+pymysql://app@db/app")\n',
      'models.py':
        'class A(Base):\n    __tablename__ = "a"\n    b_id = Column(Integer, ForeignKey("b.id"))\n',
    });
    expect(runCheck(foreignKeyIndexes, repo).verdict).toBe('pass');
    expect(runCheck(foreignKeyIndexes, createMemoryRepo({ 'a.py': 'x = 1\n' })).verdict).toBe('unknown');
  });
});

describe('scan:unique-constraints', () => {
  it('passes unique=True on a SQLModel base field and UniqueConstraint', () => {
    expect(runCheck(uniqueConstraints, fixture('template-like'))).toMatchObject({
      verdict: 'pass',
      where: ['backend/app/models.py:9'],
    });
    expect(runCheck(uniqueConstraints, fixture('well-configured'))).toMatchObject({
      verdict: 'pass',
      where: ['app/models.py:15', 'migrations/versions/0001_customers_and_orders.py:31'],
    });
  });

  it('warns when models declare no unique constraint', () => {
    expect(runCheck(uniqueConstraints, fixture('broken'))).toMatchObject({
      verdict: 'warn',
      where: ['models.py:10', 'models.py:11', 'models.py:12'],
    });
  });
});

describe('scan:filtered-columns-indexed', () => {
  it('passes filters on indexed columns, also a field a SQLModel table inherits from its base', () => {
    expect(runCheck(filteredColumnsIndexed, fixture('template-like'))).toMatchObject({
      verdict: 'pass',
      where: ['backend/app/core/db.py:17'],
    });
    expect(runCheck(filteredColumnsIndexed, fixture('well-configured'))).toMatchObject({
      verdict: 'pass',
      where: ['app/repository.py:13'],
    });
  });

  it('warns on a where()/filter_by() column without an index, unknown without ORM filters', () => {
    const repo = createMemoryRepo({
      'models.py':
        'class User(Base):\n    __tablename__ = "users"\n    id = Column(Integer, primary_key=True)\n    username = Column(String(80))\n',
      'crud.py': 'def by_name(db, name):\n    return db.query(User).filter_by(username=name).first()\n',
    });
    const r = runCheck(filteredColumnsIndexed, repo);
    expect(r).toMatchObject({ verdict: 'warn', where: ['crud.py:2'] });
    expect(r.summary).toContain('User.username');
    expect(runCheck(filteredColumnsIndexed, fixture('broken')).verdict).toBe('unknown');
  });
});

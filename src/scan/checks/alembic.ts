import { noPython } from '../python/kit.js';
import { type Revision, revisions } from '../python/migrations.js';
import { pythonProject } from '../python/project.js';
import { result, type SyncScanCheck } from '../types.js';

export const alembic: SyncScanCheck = {
  id: 'alembic',
  title: 'Alembic set up with one head and an unbroken revision chain',
  run(repo) {
    const project = pythonProject(repo);
    if (!project.modules.length && !project.migrations.length) return noPython();
    const revs = revisions(project);
    const ini = repo.files.find((f) => f.path.split('/').at(-1) === 'alembic.ini');
    if (!revs.length)
      return result(
        'unknown',
        ini ? 'alembic.ini but no revision scripts' : 'no Alembic migrations found',
        'No versions/*.py with a revision id: the schema may come from create_all() or another tool, which the scan cannot judge.',
        '',
        ini ? [repo.evidence(ini.path, 1)] : [],
      );
    // Each migration folder (script_location) is its own tree: heads and parents are counted per folder.
    const folder = (r: Revision) => r.mod.path.split('/').slice(0, -2).join('/');
    const dirs = new Set(revs.map(folder));
    const noEnv = [...dirs].filter((d) => !repo.read(`${d}${d ? '/' : ''}env.py`));
    const at = (r: Revision) => repo.evidence(r.mod.path, r.line);
    const inFolder = (d: string) => revs.filter((r) => folder(r) === d);
    const ids = new Map([...dirs].map((d) => [d, new Set(inFolder(d).map((r) => r.id))]));
    const missing = (r: Revision) => r.down.find((d) => !ids.get(folder(r))?.has(d));
    const broken = revs.filter((r) => missing(r) !== undefined);
    if (broken.length)
      return result(
        'fail',
        `revision ${broken[0]!.id} revises ${missing(broken[0]!)}, which is not in the repository`,
        'The chain from base to head is broken: `alembic upgrade head` stops with "Can\'t locate revision".',
        'Restore the missing revision script or point down_revision at the right parent.',
        broken.map(at),
      );
    const heads = [...dirs].flatMap((d) => {
      const parents = new Set(inFolder(d).flatMap((r) => r.down));
      return inFolder(d).filter((r) => !parents.has(r.id));
    });
    if (heads.length > dirs.size)
      return result(
        'fail',
        `${heads.length} Alembic heads${dirs.size > 1 ? ` in ${dirs.size} migration folders` : ''}: ${heads.map((h) => h.id).join(', ')}`,
        'Two branches of migrations both revise the same parent; `alembic upgrade head` refuses to run ("Multiple head revisions are present").',
        'Run `alembic merge heads -m "merge"` and commit the merge revision (or rebase one branch onto the other).',
        heads.map(at),
      );
    if (!ini || noEnv.length)
      return result(
        'warn',
        !ini ? 'revision scripts but no alembic.ini' : `no env.py beside ${noEnv[0]}/versions`,
        'Alembic needs alembic.ini and the migration folder’s env.py to run; without them the deploy cannot apply these revisions as committed.',
        'Commit alembic.ini and env.py (alembic init generates both).',
        heads.map(at),
      );
    return result(
      'pass',
      `${dirs.size > 1 ? `one head in each of ${dirs.size} migration folders` : `one Alembic head (${heads[0]?.id})`}, ${revs.length} revision${revs.length === 1 ? '' : 's'} chained from base`,
      'alembic.ini, env.py and an unbroken chain with a single head: `alembic upgrade head` has one target. Whether it succeeds on the production database is for the deploy to show.',
      '',
      [...heads.map(at), repo.evidence(ini.path, 1)],
    );
  },
};

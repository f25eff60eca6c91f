import { noPython } from '../python/kit.js';
import { revisions } from '../python/migrations.js';
import { pythonProject } from '../python/project.js';
import { result, type ScanCheck } from '../types.js';

export const alembic: ScanCheck = {
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
    const dirs = new Set(revs.map((r) => r.mod.path.split('/').slice(0, -2).join('/')));
    const noEnv = [...dirs].filter((d) => !repo.read(`${d}${d ? '/' : ''}env.py`));
    const at = (r: (typeof revs)[number]) => repo.evidence(r.mod.path, r.line);
    const ids = new Set(revs.map((r) => r.id));
    const broken = revs.filter((r) => r.down.some((d) => !ids.has(d)));
    if (broken.length)
      return result(
        'fail',
        `revision ${broken[0]!.id} revises ${broken[0]!.down.find((d) => !ids.has(d))}, which is not in the repository`,
        'The chain from base to head is broken: `alembic upgrade head` stops with "Can\'t locate revision".',
        'Restore the missing revision script or point down_revision at the right parent.',
        broken.map(at),
      );
    const parents = new Set(revs.flatMap((r) => r.down));
    const heads = revs.filter((r) => !parents.has(r.id));
    if (heads.length > 1)
      return result(
        'fail',
        `${heads.length} Alembic heads: ${heads.map((h) => h.id).join(', ')}`,
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
      `one Alembic head (${heads[0]?.id}), ${revs.length} revision${revs.length === 1 ? '' : 's'} chained from base`,
      'alembic.ini, env.py and an unbroken chain with a single head: `alembic upgrade head` has one target. Whether it succeeds on the production database is for the deploy to show.',
      '',
      [...heads.map(at), repo.evidence(ini.path, 1)],
    );
  },
};

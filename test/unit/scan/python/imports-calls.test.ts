import { describe, expect, it } from 'vitest';
import { callsIn, decoratorsIn } from '../../../../src/scan/python/calls.js';
import { imports, qualify } from '../../../../src/scan/python/imports.js';
import { pythonProject } from '../../../../src/scan/python/project.js';
import { createMemoryRepo } from '../../../helpers/scan-memory-repo.js';

const mod = (files: Record<string, string>, path: string) =>
  pythonProject(createMemoryRepo(files)).modules.find((m) => m.path === path)!;

describe('imports and calls', () => {
  it('resolves aliases, dotted imports and relative imports to qualified names', () => {
    const m = mod(
      {
        'app/api/routes.py':
          'import sqlalchemy as sa\nimport os.path\nfrom sqlmodel import create_engine as ce, Session\nfrom ..core.config import settings\nfrom . import deps\n',
      },
      'app/api/routes.py',
    );
    expect(qualify(m, 'sa.create_engine')).toBe('sqlalchemy.create_engine');
    expect(qualify(m, 'ce')).toBe('sqlmodel.create_engine');
    expect(qualify(m, 'os.path.join')).toBe('os.path.join');
    expect(imports(m).get('settings')).toEqual({
      qualified: 'app.core.config.settings',
      from: 'app.core.config',
      name: 'settings',
    });
    expect(imports(m).get('deps')?.qualified).toBe('app.api.deps');
  });

  it('names calls through aliases and chains, keyword arguments, spreads and decorators', () => {
    const m = mod(
      {
        'main.py':
          'import sqlalchemy as sa\nimport logging\nengine = sa.create_engine(url, pool_size=20, **extra)\nlogging.getLogger("x").setLevel(logging.INFO)\n\n@app.get("/health", tags=["ops"])\nasync def health():\n    return {}\n',
      },
      'main.py',
    );
    const calls = callsIn(m);
    const engine = calls.find((c) => c.name === 'sqlalchemy.create_engine')!;
    expect([engine.line, engine.args.length, [...engine.kwargs.keys()], engine.spread]).toEqual([
      3,
      1,
      ['pool_size'],
      true,
    ]);
    expect(calls.map((c) => c.name)).toContain('?.setLevel');
    const [route] = decoratorsIn(m);
    expect([route?.name, route?.line, route?.target?.name, [...(route?.kwargs.keys() ?? [])]]).toEqual([
      'app.get',
      6,
      'FunctionDefinition',
      ['tags'],
    ]);
  });

  it('keeps tests and migration scripts out of the app modules', () => {
    const project = pythonProject(
      createMemoryRepo({
        'app/main.py': '',
        'tests/test_main.py': '',
        'app/test_utils.py': '',
        'conftest.py': '',
        'alembic/versions/abc_init.py': '',
      }),
    );
    expect(project.modules.map((m) => m.path)).toEqual(['app/main.py']);
    expect(project.migrations.map((m) => m.path)).toEqual(['alembic/versions/abc_init.py']);
  });

  it('reads only the app root when the scan names one', () => {
    const files = { 'backend/app/main.py': '', 'docs_src/tutorial/main.py': '', 'scripts/seed.py': '' };
    expect(pythonProject(createMemoryRepo(files, 'backend')).modules.map((m) => m.path)).toEqual([
      'backend/app/main.py',
    ]);
    expect(pythonProject(createMemoryRepo(files)).modules).toHaveLength(3);
  });
});

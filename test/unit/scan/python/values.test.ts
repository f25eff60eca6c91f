import { describe, expect, it } from 'vitest';
import { PYTHON_CHECKS } from '../../../../src/scan/checks/python-checks.js';
import { callsIn } from '../../../../src/scan/python/calls.js';
import { pythonProject } from '../../../../src/scan/python/project.js';
import { follow } from '../../../../src/scan/python/values.js';
import { createMemoryRepo } from '../../../helpers/scan-memory-repo.js';

/** The value of the first argument of the first call named `name` in `path`. */
function firstArg(files: Record<string, string>, path: string, name: string, kw?: string) {
  const project = pythonProject(createMemoryRepo(files));
  const mod = project.modules.find((m) => m.path === path)!;
  const call = callsIn(mod).find((c) => c.name === name)!;
  return follow(project, mod, kw ? call.kwargs.get(kw) : call.args[0]);
}

describe('follow (values)', () => {
  it('follows settings.X across modules to a BaseSettings field default, as an env read', () => {
    const v = firstArg(
      {
        'app/core/config.py':
          'from pydantic_settings import BaseSettings\n\nclass Settings(BaseSettings):\n    POOL: int = 10\n    URL: str = "postgresql://db/app"\n\nsettings = Settings()\n',
        'app/db.py':
          'from sqlalchemy import create_engine\nfrom app.core.config import settings\nengine = create_engine(str(settings.URL), pool_size=settings.POOL)\n',
      },
      'app/db.py',
      'sqlalchemy.create_engine',
      'pool_size',
    );
    expect(v).toMatchObject({
      kind: 'env',
      name: 'POOL',
      fallback: { kind: 'num', value: 10 },
      at: { path: 'app/core/config.py', line: 4 },
    });
  });

  it('resolves import aliases, relative imports and module constants with arithmetic', () => {
    const files = {
      'app/consts.py': 'MINUTES = 60 * 24 * 8\n',
      'app/main.py':
        'import sqlalchemy as sa\nfrom .consts import MINUTES as M\nsa.create_engine("sqlite://", pool_recycle=M)\n',
    };
    expect(firstArg(files, 'app/main.py', 'sqlalchemy.create_engine', 'pool_recycle')).toMatchObject({
      kind: 'num',
      value: 11520,
    });
    expect(firstArg(files, 'app/main.py', 'sqlalchemy.create_engine')).toMatchObject({
      kind: 'str',
      value: 'sqlite://',
    });
  });

  it('reads os.getenv defaults, os.environ[...] and f-strings', () => {
    const files = {
      'm.py':
        'import os\nKEY = os.getenv("SECRET_KEY", "changethis")\nf(KEY)\nf(os.environ["DB"])\nf(f"x{KEY}")\nf(int(os.getenv("N")))\n',
    };
    const project = pythonProject(createMemoryRepo(files));
    const mod = project.modules[0]!;
    const [a, b, c, d] = callsIn(mod)
      .filter((x) => x.name === 'f')
      .map((x) => follow(project, mod, x.args[0]));
    expect(a).toMatchObject({
      kind: 'env',
      name: 'SECRET_KEY',
      fallback: { kind: 'str', value: 'changethis' },
    });
    expect(b).toMatchObject({ kind: 'env', name: 'DB', fallback: undefined });
    expect(c).toMatchObject({ kind: 'fstr' });
    expect(d).toMatchObject({ kind: 'env', name: 'N', fallback: undefined });
  });

  it('keeps a module attribute as a reference instead of a same-named settings field', () => {
    const files = {
      'cfg.py': 'class Settings(BaseSettings):\n    DEBUG: bool = True\n',
      'log.py': 'import logging\nlogging.basicConfig(level=logging.DEBUG)\n',
    };
    expect(firstArg(files, 'log.py', 'logging.basicConfig', 'level')).toMatchObject({
      kind: 'ref',
      name: 'logging.DEBUG',
    });
  });

  it('follows a doubling chain of constants once per expression (no 2^n walk)', () => {
    const lines = ['A0 = 1', ...Array.from({ length: 60 }, (_, i) => `A${i + 1} = A${i} + A${i}`), 'f(A19)'];
    const project = pythonProject(createMemoryRepo({ 'chain.py': `${lines.join('\n')}\n` }));
    const mod = project.modules[0]!;
    const call = callsIn(mod).find((c) => c.name === 'f')!;
    expect(follow(project, mod, call.args[0])).toMatchObject({ kind: 'num', value: 2 ** 19 });
  });

  it("survives deep nesting: brackets past CPython's 200 levels become a note, long chains are followed without overflow", () => {
    const files = {
      'brackets.py': `x = ${'('.repeat(50_000)}1${')'.repeat(50_000)}\n`,
      'calls.py': `x = ${'g('.repeat(150)}1${')'.repeat(150)}\nf(x)\ny = 1${' + 1'.repeat(50_000)}\nf(y)\n`,
    };
    const repo = createMemoryRepo(files);
    const project = pythonProject(repo);
    expect(project.modules.find((m) => m.path === 'brackets.py')).toBeUndefined();
    expect(repo.notes).toEqual([
      { path: 'brackets.py', note: "brackets nested deeper than 200 levels (CPython's limit): not parsed" },
    ]);
    for (const check of PYTHON_CHECKS) expect(() => check.run(repo)).not.toThrow();
    const mod = project.modules.find((m) => m.path === 'calls.py')!;
    const [x, y] = callsIn(mod)
      .filter((c) => c.name === 'f')
      .map((c) => follow(project, mod, c.args[0]));
    expect(x).toMatchObject({ kind: 'call', at: { line: 1 } });
    expect(y).toMatchObject({ kind: 'unknown', at: { line: 3 } });
  });
});

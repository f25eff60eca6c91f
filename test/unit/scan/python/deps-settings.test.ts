import { describe, expect, it } from 'vitest';
import { afterYield, lifespans } from '../../../../src/scan/python/app.js';
import { dependencies } from '../../../../src/scan/python/deps.js';
import { pythonProject } from '../../../../src/scan/python/project.js';
import { settingsClasses } from '../../../../src/scan/python/settings.js';
import { fieldValue } from '../../../../src/scan/python/values.js';
import { createMemoryRepo } from '../../../helpers/scan-memory-repo.js';

describe('dependencies', () => {
  it('reads PEP 621, dependency groups, Poetry and requirements files, normalising names', () => {
    const repo = createMemoryRepo({
      'pyproject.toml':
        '[project]\nname = "svc"\ndependencies = ["Passlib[bcrypt]>=1.7", "sentry_sdk"]\n[project.optional-dependencies]\nmetrics = ["prometheus-client"]\n[dependency-groups]\ndev = ["pytest"]\n[tool.poetry.dependencies]\npython = "^3.12"\nFastAPI = "*"\n[tool.poetry.group.dev.dependencies]\nruff = "*"\n',
      'requirements-prod.txt': '# pinned\n-r base.txt\nuvicorn[standard]==0.30.0  # server\n\n',
    });
    expect([...dependencies(repo)].sort()).toEqual([
      'fastapi',
      'passlib',
      'prometheus-client',
      'pytest',
      'ruff',
      'sentry-sdk',
      'uvicorn',
    ]);
  });

  it('notes a pyproject.toml that is not TOML and goes on', () => {
    const repo = createMemoryRepo({ 'pyproject.toml': '[project\nname = ', 'requirements.txt': 'fastapi\n' });
    expect([...dependencies(repo)]).toEqual(['fastapi']);
    expect(repo.notes[0]?.path).toBe('pyproject.toml');
    expect(repo.notes[0]?.note).toMatch(/^not valid TOML/);
  });
});

describe('settings and lifespans', () => {
  it('finds settings subclasses of settings classes, Field(default=...) and computed properties', () => {
    const project = pythonProject(
      createMemoryRepo({
        'cfg.py':
          'from pydantic import Field\nclass Common(BaseSettings):\n    A: int = Field(default=7)\nclass Prod(Common):\n    B: str = Field(...)\n    @property\n    def URL(self) -> str:\n        return "postgresql://" + self.HOST\n',
      }),
    );
    const [common, prod] = settingsClasses(project);
    expect([common?.name, prod?.name]).toEqual(['Common', 'Prod']);
    expect(fieldValue(project, common!, 'A')).toMatchObject({
      kind: 'env',
      name: 'A',
      fallback: { kind: 'num', value: 7 },
    });
    expect(fieldValue(project, prod!, 'B')).toMatchObject({ kind: 'env', name: 'B', fallback: undefined });
    expect(fieldValue(project, prod!, 'URL')).toMatchObject({ kind: 'fstr' });
  });

  it('returns the statements after a lifespan’s yield, also inside try/finally', () => {
    const project = pythonProject(
      createMemoryRepo({
        'main.py':
          'app = FastAPI(lifespan=run)\n\n@asynccontextmanager\nasync def run(app):\n    client = make()\n    try:\n        yield\n    finally:\n        await client.aclose()\n        await engine.dispose()\n',
      }),
    );
    const [found] = lifespans(project);
    const after = afterYield(found!.fn).map((s) => found!.mod.line(s.from));
    expect(after).toEqual([9, 10]);
  });
});

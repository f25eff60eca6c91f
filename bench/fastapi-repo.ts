// A generated FastAPI-shaped repository of `count` files in a tmp git work tree, for the scan bench.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const router = (i: number) => `from fastapi import APIRouter, Depends, HTTPException
from sqlmodel import Session, select

from app.api.deps import get_session
from app.models.item${i} import Item${i}, Item${i}Create

router = APIRouter(prefix="/items${i}", tags=["items${i}"])


@router.get("/{item_id}")
def read_item(item_id: int, session: Session = Depends(get_session)) -> Item${i}:
    item = session.get(Item${i}, item_id)
    if not item:
        raise HTTPException(status_code=404, detail="Item not found")
    return item


@router.post("/")
def create_item(body: Item${i}Create, session: Session = Depends(get_session)) -> Item${i}:
    item = Item${i}.model_validate(body)
    session.add(item)
    session.commit()
    session.refresh(item)
    return item
`;
const model = (i: number) => `from sqlmodel import Field, SQLModel


class Item${i}Create(SQLModel):
    title: str = Field(max_length=255)
    description: str | None = None


class Item${i}(Item${i}Create, table=True):
    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user.id", index=True)
`;
const test = (i: number) => `from fastapi.testclient import TestClient


def test_create_item${i}(client: TestClient) -> None:
    r = client.post("/items${i}/", json={"title": "t"})
    assert r.status_code == 200
`;
const doc = (i: number) => `# Item ${i}\n\nThe item ${i} endpoints.\n\n## Fields\n\n- title\n- description\n`;

export function makeFastApiRepo(count: number) {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-check-bench-scan-'));
  const files: Record<string, string> = {
    'backend/pyproject.toml': '[project]\nname = "app"\ndependencies = ["fastapi", "sqlmodel"]\n',
    'backend/app/main.py':
      'from fastapi import FastAPI\n\nfrom app.api.main import api_router\n\napp = FastAPI(title="bench")\napp.include_router(api_router)\n',
    '.gitignore': '.env\n__pycache__/\n',
    '.github/workflows/ci.yml':
      'name: ci\non: [push]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n',
    'README.md': '# Bench app\n\n## Runbook\n\n### Rollback\n\n`kubectl rollout undo`\n',
  };
  for (let i = 0; Object.keys(files).length < count; i++) {
    files[`backend/app/api/routes/items${i}.py`] = router(i);
    files[`backend/app/models/item${i}.py`] = model(i);
    files[`backend/tests/api/test_items${i}.py`] = test(i);
    if (i % 4 === 0) files[`docs/items/item${i}.md`] = doc(i);
  }
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  const git = (...a: string[]) =>
    execFileSync('git', ['-c', 'user.email=b@example.com', '-c', 'user.name=b', ...a], {
      cwd: dir,
      stdio: 'pipe',
    });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'bench');
  return {
    dir,
    files: Object.keys(files).length,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

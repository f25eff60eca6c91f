import { describe, expect, it } from 'vitest';
import { findFastApiApp } from '../../../src/scan/find-app.js';
import { tmpRepoViews } from '../../helpers/scan-repo.js';

const view = tmpRepoViews();
const find = async (files: Record<string, string>, under?: string) =>
  findFastApiApp(await view(files), under);

describe('findFastApiApp', () => {
  it('prefers the file that creates the app over shallower files that only import fastapi', async () => {
    const app = await find({
      'routes.py': 'from fastapi import APIRouter\nrouter = APIRouter()\n',
      'backend/requirements.txt': 'fastapi==0.115.0\n',
      'backend/app/main.py':
        '"""FastAPI app."""\nfrom fastapi import FastAPI\n\napp = FastAPI(\n    title="x",\n)\n',
    });
    expect(app).toEqual({ file: 'backend/app/main.py', line: 4, appRoot: 'backend' });
  });

  it('reads the tree, not the words: a comment or string saying FastAPI() is not an app', async () => {
    const app = await find({
      'notes.py': '# app = FastAPI()\nDOC = "call FastAPI() here"\n',
      'flaskapp.py': 'from flask import Flask\napp = Flask(__name__)\n',
    });
    expect(app).toBeUndefined();
  });

  it('falls back to a file importing fastapi when none creates the app (a factory in a dependency)', async () => {
    const app = await find({ 'service/api.py': 'import fastapi\n\nrouter = fastapi.APIRouter()\n' });
    expect(app).toEqual({ file: 'service/api.py', line: 1, appRoot: '' });
  });

  it('looks only under --app-root when given, and uses it as the app root', async () => {
    const files = {
      'main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
      'services/b/main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
    };
    expect(await find(files, 'services/b')).toEqual({
      file: 'services/b/main.py',
      line: 2,
      appRoot: 'services/b',
    });
    expect(await find(files)).toEqual({ file: 'main.py', line: 2, appRoot: '' });
  });
});

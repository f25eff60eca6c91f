import { pythonReader } from '../readers/python.js';
import type { RepoView, ScanEvidence } from '../types.js';

/** Where the app's own Python code imports Starlette's GZipMiddleware (it then compresses without a proxy). */
export function appGzip(repo: RepoView): ScanEvidence | undefined {
  for (const { path } of repo.files) {
    if (!path.endsWith('.py') || !repo.read(path)?.includes('GZipMiddleware')) continue;
    const module = repo.parse(path, pythonReader);
    const cursor = module?.tree.cursor();
    while (module && cursor?.next())
      if (cursor.name === 'ImportStatement' && module.text(cursor.node).includes('GZipMiddleware'))
        return repo.evidence(path, module.line(cursor.from));
  }
  return undefined;
}

import { appCalls } from '../python/app.js';
import { callAndValue, callEvidence, callsNamed, noApp, noPython, show, truthy } from '../python/kit.js';
import { pythonProject } from '../python/project.js';
import { follow } from '../python/values.js';
import { result, type SyncScanCheck } from '../types.js';

export const debugMode: SyncScanCheck = {
  id: 'debug-mode',
  title: 'FastAPI/Starlette debug off, no auto-reload',
  run(repo) {
    const project = pythonProject(repo);
    if (!project.modules.length) return noPython();
    const apps = appCalls(project);
    if (!apps.length) return noApp();
    for (const app of apps) {
      const arg = app.kwargs.get('debug');
      const v = arg ? follow(project, app.mod, arg) : undefined;
      if (v && truthy(v))
        return result(
          'fail',
          `${app.name.split('.').at(-1)}(debug=${app.mod.text(arg!)}) is on${v.kind === 'env' ? ` by default (${show(v)})` : ''}`,
          'In debug mode Starlette answers a 500 with the full traceback: source lines, local paths and sometimes settings values.',
          'Pass debug=False (or a setting whose default is False) and turn it on only in local development.',
          callAndValue(repo, app, v),
        );
    }
    const reload = callsNamed(project, 'uvicorn.run').filter((c) =>
      truthy(c.kwargs.get('reload') ? follow(project, c.mod, c.kwargs.get('reload')) : undefined),
    );
    if (reload.length)
      return result(
        'warn',
        'uvicorn.run(reload=True) in the app',
        'reload watches files and restarts the server: a development setting that costs CPU and restarts on any file change.',
        'Drop reload=True from code that production runs; pass --reload on the command line in development.',
        reload.map((c) => callEvidence(repo, c)),
      );
    return result(
      'pass',
      'debug is off',
      `The app is built without debug (unset means False)${apps.some((a) => a.kwargs.has('debug')) ? ', and the debug argument defaults to False' : ''}.`,
      '',
      apps.map((a) => callEvidence(repo, a)),
    );
  },
};

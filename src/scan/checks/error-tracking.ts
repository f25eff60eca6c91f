import { appCalls } from '../python/app.js';
import { dependencies } from '../python/deps.js';
import { callEvidence, callsNamed, effective, evidenceAt, noApp, noPython, show } from '../python/kit.js';
import { pythonProject } from '../python/project.js';
import { follow } from '../python/values.js';
import { result, type SyncScanCheck } from '../types.js';

const OTHERS = [
  'ddtrace.patch_all',
  'ddtrace.patch',
  'rollbar.init',
  'bugsnag.configure',
  'honeybadger.configure',
  'newrelic.agent.initialize',
  'elasticapm.Client',
  'make_apm_client',
];

export const errorTracking: SyncScanCheck = {
  id: 'error-tracking',
  title: 'Error tracking (Sentry, Datadog, …) initialised',
  run(repo) {
    const project = pythonProject(repo);
    if (!project.modules.length) return noPython();
    if (!appCalls(project).length) return noApp();
    const sentry = callsNamed(project, 'sentry_sdk.init');
    for (const call of sentry) {
      const dsnNode = call.kwargs.get('dsn') ?? call.args[0];
      const dsn = dsnNode ? follow(project, call.mod, dsnNode) : undefined;
      const e = dsn && effective(dsn);
      const off = !dsn
        ? 'no dsn (only SENTRY_DSN in the environment turns it on)'
        : e && (e.kind === 'none' || (e.kind === 'str' && !e.value))
          ? `dsn defaults to ${show(e)}`
          : undefined;
      if (off)
        return result(
          'warn',
          `sentry_sdk.init with ${off}`,
          'Sentry is wired, but it sends nothing unless the deployment sets the DSN; an empty DSN disables it silently.',
          'Make SENTRY_DSN required in production settings (no empty default), or check the deployment sets it.',
          [
            callEvidence(repo, call),
            ...(dsn && dsn.at.path !== call.mod.path ? [evidenceAt(repo, dsn.at)] : []),
          ],
        );
      return result(
        'pass',
        `Sentry initialised (dsn from ${dsn ? show(dsn) : 'the environment'})`,
        'Unhandled exceptions are reported to Sentry with their stack and request.',
        '',
        [callEvidence(repo, call)],
      );
    }
    const other = callsNamed(project, ...OTHERS);
    if (other.length)
      return result(
        'pass',
        `error tracking through ${other[0]!.name}`,
        'An error-tracking/APM client is initialised in the app.',
        '',
        other.map((c) => callEvidence(repo, c)),
      );
    const deps = ['sentry-sdk', 'ddtrace', 'rollbar', 'bugsnag', 'newrelic', 'elastic-apm'].filter((d) =>
      dependencies(repo).has(d),
    );
    if (deps.length)
      return result(
        'warn',
        `${deps[0]} is a dependency but never initialised`,
        'The package is installed, but no init call runs; an agent wrapper (ddtrace-run, newrelic-admin run-program) in the start command would also count.',
        'Call sentry_sdk.init(dsn=settings.SENTRY_DSN, ...) at startup, or run under the agent command.',
      );
    return result(
      'fail',
      'no error tracking in the app',
      'No Sentry, Datadog, Rollbar, Bugsnag, New Relic or Elastic APM client and no such dependency: an exception in production is only a log line someone has to find.',
      'Add sentry-sdk[fastapi] and call sentry_sdk.init(dsn=settings.SENTRY_DSN, environment=..., traces_sample_rate=...) at startup.',
    );
  },
};

import { appCalls, middlewareNamed } from '../python/app.js';
import { dependencies } from '../python/deps.js';
import { imports } from '../python/imports.js';
import { callEvidence, callsNamed, noApp, noPython } from '../python/kit.js';
import { pythonProject } from '../python/project.js';
import { result, type SyncScanCheck } from '../types.js';

const LIBS = [
  'prometheus_fastapi_instrumentator',
  'starlette_exporter',
  'opentelemetry.instrumentation.fastapi',
  'prometheus_client',
  'aioprometheus',
  'ddtrace',
];
const PACKAGES = [
  'prometheus-fastapi-instrumentator',
  'starlette-exporter',
  'opentelemetry-instrumentation-fastapi',
  'prometheus-client',
  'aioprometheus',
  'ddtrace',
  'opentelemetry-distro',
];

export const metrics: SyncScanCheck = {
  id: 'metrics',
  title: 'Request metrics instrumented (Prometheus, OpenTelemetry, Datadog)',
  run(repo) {
    const project = pythonProject(repo);
    if (!project.modules.length) return noPython();
    if (!appCalls(project).length) return noApp();
    const wired = [
      ...callsNamed(
        project,
        'Instrumentator',
        'FastAPIInstrumentor.instrument_app',
        'FastAPIInstrumentor',
        'make_asgi_app',
        'handle_metrics',
        'ddtrace.patch_all',
        'ddtrace.patch',
      ),
    ].map((call) => ({ call, name: call.name }));
    wired.push(
      ...middlewareNamed(project, 'PrometheusMiddleware', 'OpenTelemetryMiddleware', 'MetricsMiddleware'),
    );
    if (wired.length)
      return result(
        'pass',
        `request metrics instrumented (${wired[0]!.name.split('.').at(-1)})`,
        'The app records request counts, errors and latency through an instrumentation library.',
        '',
        wired.map((w) => callEvidence(repo, w.call)),
      );
    const importer = project.modules.flatMap((m) =>
      [...imports(m).values()]
        .filter((i) => LIBS.some((l) => i.from === l || i.from.startsWith(`${l}.`)))
        .map((i) => ({ m, i })),
    )[0];
    const declared = PACKAGES.filter((p) => dependencies(repo).has(p));
    if (importer || declared.length)
      return result(
        'warn',
        `${importer ? importer.i.from : declared[0]} is ${importer ? 'imported' : 'a dependency'} but never wired to the app`,
        'A metrics library is present, but no call instruments the app (Instrumentator().instrument(app), FastAPIInstrumentor.instrument_app(app), a metrics middleware). It may run through an agent command (ddtrace-run, opentelemetry-instrument): check the start command.',
        'Wire it: Instrumentator().instrument(app).expose(app), or run under the agent command in the container.',
        importer ? [repo.evidence(importer.m.path, 1)] : [],
      );
    return result(
      'warn',
      'no metrics instrumentation in the app',
      'Nothing in the code or dependencies collects request rate, errors and latency. A service mesh, ingress controller or APM agent outside the repository could, which the scan cannot see; otherwise nobody knows the error rate after a deploy.',
      'Add prometheus-fastapi-instrumentator (Instrumentator().instrument(app).expose(app)) or OpenTelemetry’s FastAPIInstrumentor.',
    );
  },
};

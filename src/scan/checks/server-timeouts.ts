import { gunicornSettings } from '../config/gunicorn-config.js';
import { nginxConfigs, nginxDirectives, nginxEvidence } from '../config/nginx-files.js';
import { option, serverCommands } from '../config/server-commands.js';
import { type Finding, findingsResult } from '../config/verdicts.js';
import { result, type SyncScanCheck } from '../types.js';

const FLAGS: Record<string, string[]> = {
  uvicorn: ['--timeout-keep-alive', '--timeout-graceful-shutdown'],
  fastapi: ['--timeout-keep-alive', '--timeout-graceful-shutdown'],
  hypercorn: ['--keep-alive', '--graceful-timeout', '--read-timeout'],
  gunicorn: ['--timeout', '-t', '--graceful-timeout', '--keep-alive'],
};
const DEFAULTS: Record<string, string> = {
  uvicorn: 'uvicorn keep-alive 5 s, no limit on graceful shutdown',
  fastapi: 'uvicorn keep-alive 5 s, no limit on graceful shutdown',
  hypercorn: 'hypercorn keep-alive 5 s, graceful timeout 3 s',
  gunicorn: 'gunicorn timeout 30 s, graceful_timeout 30 s, keepalive 2 s',
  nginx: 'nginx proxy_read_timeout 60 s, proxy_connect_timeout 60 s, client_body_timeout 60 s',
};
const GUNICORN_SETTINGS = ['timeout', 'graceful_timeout', 'keepalive'];
const NGINX = [
  'proxy_read_timeout',
  'proxy_connect_timeout',
  'proxy_send_timeout',
  'client_body_timeout',
  'client_header_timeout',
  'keepalive_timeout',
  'send_timeout',
];

export const serverTimeouts: SyncScanCheck = {
  id: 'server-timeouts',
  title: 'Server and proxy timeouts are set (gunicorn/uvicorn/nginx), not left at their defaults',
  run(repo) {
    const commands = serverCommands(repo).filter((c) => !c.development);
    const configs = nginxConfigs(repo);
    const findings: Finding[] = [];
    const defaulted = new Set<string>();
    const gunicorn = gunicornSettings(repo, commands);
    for (const c of commands) {
      const set = (FLAGS[c.server] ?? []).filter((f) => option(c.args, [f]) !== undefined);
      const fromConfig = c.server === 'gunicorn' ? GUNICORN_SETTINGS.filter((s) => gunicorn.has(s)) : [];
      if (set.length + fromConfig.length === 0) {
        defaulted.add(c.server);
        continue;
      }
      const zero =
        option(c.args, ['--timeout', '-t']) === '0' || gunicorn.get('timeout')?.expression.trim() === '0';
      findings.push({
        verdict: zero ? 'warn' : 'pass',
        say: `${c.server} sets ${[...set, ...fromConfig].join(', ')}${zero ? ' (timeout 0 means a stuck worker is never restarted)' : ''}.`,
        evidence: [c.where, ...fromConfig.map((s) => gunicorn.get(s)?.where).filter((w) => w !== undefined)],
      });
    }
    const nginx = nginxDirectives(configs, NGINX);
    if (nginx.length > 0)
      findings.push({
        verdict: 'pass',
        say: `nginx sets ${[...new Set(nginx.map((n) => n.directive.name))].join(', ')}.`,
        evidence: nginx.slice(0, 6).map((n) => nginxEvidence(repo, n.config, n.directive)),
      });
    else if (configs.length > 0) defaulted.add('nginx');
    if (findings.length === 0 && defaulted.size === 0)
      return result(
        'unknown',
        'No server or proxy configuration found',
        'No server command, gunicorn config or nginx config was found to read timeouts from.',
        '',
      );
    if (defaulted.size > 0)
      findings.push({
        verdict: 'warn',
        say: `Left at their defaults: ${[...defaulted].map((s) => DEFAULTS[s]).join('; ')}.`,
        evidence: commands
          .filter((c) => defaulted.has(c.server))
          .map((c) => c.where)
          .slice(0, 3),
      });
    return findingsResult(
      findings,
      (verdict) =>
        verdict === 'pass'
          ? 'Timeouts are set'
          : defaulted.size === 0
            ? 'A timeout of 0 disables the worker timeout'
            : `Timeouts left at defaults: ${[...defaulted].map((d) => (d === 'fastapi' ? 'uvicorn (fastapi run)' : d)).join(', ')}`,
      'Choose timeouts for your traffic: uvicorn `--timeout-keep-alive` (longer than the load balancer’s idle timeout) and `--timeout-graceful-shutdown`; gunicorn `timeout`, `graceful_timeout`, `keepalive`; nginx `proxy_read_timeout`/`proxy_connect_timeout`.',
    );
  },
};

import { appCalls, middlewareNamed } from '../python/app.js';
import { callEvidence, effective, evidenceAt, noPython, show, truthy } from '../python/kit.js';
import { pythonProject } from '../python/project.js';
import { follow, type Value } from '../python/values.js';
import { result, type SyncScanCheck } from '../types.js';

// Patterns a regex origin check accepts for any site; tested against the literal's value only.
const ANY_REGEX = /^\^?(\.\*|\.\+|https?:\/\/\.\*|https\?:\/\/\.\*)\$?$/;

const origins = (v: Value): Value[] | undefined => {
  const e = effective(v);
  return e?.kind === 'list' ? e.items : e?.kind === 'str' ? [e] : undefined;
};

export const cors: SyncScanCheck = {
  id: 'cors',
  title: 'CORSMiddleware origins and credentials',
  run(repo) {
    const project = pythonProject(repo);
    if (!project.modules.length) return noPython();
    const uses = middlewareNamed(project, 'CORSMiddleware');
    if (!uses.length) {
      const app = appCalls(project)[0];
      if (!app)
        return result(
          'unknown',
          'no CORSMiddleware and no FastAPI app found',
          'Nothing in the Python source builds an app or adds CORS.',
          '',
        );
      return result(
        'pass',
        'no CORSMiddleware: the app sends no CORS headers at all',
        'Without CORSMiddleware Starlette adds no Access-Control-* headers, so browsers refuse cross-origin reads: nothing is overly permissive. A proxy could still add headers; probe:cors sees the live answer.',
        '',
        [callEvidence(repo, app)],
      );
    }
    const findings = uses.map(({ call }) => {
      const originsArg = call.kwargs.get('allow_origins');
      const regexArg = call.kwargs.get('allow_origin_regex');
      const credArg = call.kwargs.get('allow_credentials');
      const list = originsArg ? follow(project, call.mod, originsArg) : undefined;
      const regex = regexArg ? effective(follow(project, call.mod, regexArg)) : undefined;
      const cred = credArg ? follow(project, call.mod, credArg) : undefined;
      const items = list ? origins(list) : undefined;
      const star = items?.find((i) => i.kind === 'str' && i.value === '*');
      const anyRegex = regex?.kind === 'str' && ANY_REGEX.test(regex.value) ? regex : undefined;
      const wild = star ?? anyRegex;
      const ev = [
        callEvidence(repo, call),
        ...(wild && wild.at.line !== call.line ? [evidenceAt(repo, wild.at)] : []),
      ];
      const what = star
        ? 'allow_origins=["*"]'
        : anyRegex
          ? `allow_origin_regex=${show(anyRegex)}`
          : `allow_origins=${originsArg ? call.mod.text(originsArg) : 'unset'}`;
      if (wild && truthy(cred))
        return {
          verdict: 'fail' as const,
          summary: `${what} with allow_credentials=True: any site may call with the user's cookies`,
          ev,
        };
      if (wild)
        return {
          verdict: 'warn' as const,
          summary: `${what}: every origin may read responses (no credentials)`,
          ev,
        };
      return { verdict: 'pass' as const, summary: `CORS allows listed origins only (${what})`, ev };
    });
    const bad =
      findings.find((f) => f.verdict === 'fail') ??
      findings.find((f) => f.verdict === 'warn') ??
      findings[0]!;
    const why =
      bad.verdict === 'fail'
        ? 'With allow_credentials=True Starlette does not send "*": it echoes the caller\'s Origin (preflight, and simple requests carrying a cookie), so any website can make authenticated requests and read the answers.'
        : bad.verdict === 'warn'
          ? 'Any website can read these responses; fine for a public, cookie-less API, wrong for anything behind a login.'
          : 'Origins come from a list (or settings) without a wildcard; credentials go only to those origins.';
    const fix =
      bad.verdict === 'pass'
        ? ''
        : 'List the trusted front-end origins in allow_origins (from settings); never combine a wildcard with allow_credentials=True.';
    return result(bad.verdict, bad.summary, why, fix, bad.ev);
  },
};

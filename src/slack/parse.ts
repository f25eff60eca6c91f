import { z } from 'zod';
import { envName as env, serviceName as service, versionName as version } from '../domain/release-names.js';
import { escapeMrkdwn } from './blocks/text.js';

export type Command =
  | { kind: 'help' }
  | { kind: 'status'; service?: string }
  | { kind: 'probe'; service: string }
  | { kind: 'maintenance'; run: boolean }
  | { kind: 'post'; releaseId: string }
  | { kind: 'issues' }
  | { kind: 'open'; service: string; version: string; env: string }
  | { kind: 'invalid'; error: string };

const releaseId = z.string().regex(/^r[0-9a-f]{10}$/);

export const USAGE = [
  '*Usage*',
  '• `/deploy-check <service> <version> [env]` — open a release checklist thread (env defaults to `production`)',
  '• `/deploy-check status [service]` — open releases with progress and links',
  '• `/deploy-check probe <service>` — run the automated probes against a configured service',
  '• `/deploy-check maintenance` — this cycle of the monthly maintenance checklist (`maintenance run` posts one now, admins only)',
  '• `/deploy-check post <release-id>` — post a release thread that could not be posted (e.g. after inviting me)',
  '• `/deploy-check issues` — common production issues: symptom and solution',
  '• `/deploy-check help` — this help',
  'Example: `/deploy-check payments-api 2.3.1 production`',
].join('\n');

/** Parses the text after `/deploy-check`; never throws, malformed input becomes `invalid` with a reason. */
export function parseCommand(text: string): Command {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const [first, ...rest] = words;
  if (!first || first === 'help' || first === '-h' || first === '--help')
    return rest.length ? invalid('`help` takes no arguments.') : { kind: 'help' };
  switch (first.toLowerCase()) {
    case 'status':
      if (rest.length > 1) return invalid('`status` takes at most one service name.');
      if (rest[0] && !service.safeParse(rest[0]).success)
        return invalid(`\`${clip(rest[0])}\` is not a valid service name.`);
      return rest[0] ? { kind: 'status', service: rest[0] } : { kind: 'status' };
    case 'probe':
      if (rest.length !== 1 || !service.safeParse(rest[0]).success)
        return invalid('`probe` needs exactly one service name, e.g. `/deploy-check probe payments-api`.');
      return { kind: 'probe', service: rest[0]! };
    case 'post':
      if (rest.length !== 1 || !releaseId.safeParse(rest[0]).success)
        return invalid('`post` needs a release id, e.g. `/deploy-check post r0123456789`.');
      return { kind: 'post', releaseId: rest[0]! };
    case 'issues':
      return rest.length ? invalid('`issues` takes no arguments.') : { kind: 'issues' };
    case 'maintenance':
      if (rest.length === 0) return { kind: 'maintenance', run: false };
      if (rest.length === 1 && rest[0] === 'run') return { kind: 'maintenance', run: true };
      return invalid('`maintenance` takes only `run`.');
  }
  if (words.length < 2)
    return invalid(`A release needs a service and a version; got only \`${clip(first)}\`.`);
  if (words.length > 3)
    return invalid(`Too many words: expected \`<service> <version> [env]\`, got ${words.length}.`);
  const [s, v, e = 'production'] = words as [string, string, string?];
  if (!service.safeParse(s).success)
    return invalid(`\`${clip(s)}\` is not a valid service name (letters, digits, . _ -).`);
  if (!version.safeParse(v).success)
    return invalid(`\`${clip(v)}\` is not a valid version (e.g. 2.3.1 or v2.3.1-rc1).`);
  if (!env.safeParse(e).success) return invalid(`\`${clip(e)}\` is not a valid environment name.`);
  return { kind: 'open', service: s, version: v, env: e.toLowerCase() };
}

/** Echoes a user's word inside `code`: shortened, escaped so it never pings, links or reorders text. */
const clip = (s: string) =>
  escapeMrkdwn([...s].length > 40 ? `${[...s].slice(0, 39).join('')}…` : s).replace(/`/g, "'");
const invalid = (error: string): Command => ({ kind: 'invalid', error });

import { isAppError } from '../errors.js';
import { scrubSecrets } from '../logger.js';
import { truncate } from './blocks/text.js';

/**
 * The one mapping from an error to what the person reads. Domain errors (AppError) carry a message written
 * for people; anything else is a bug, said plainly without secrets (the details are in the logs).
 */
export function replyText(e: unknown): string {
  if (isAppError(e, 'INVALID_STATE') && Array.isArray(e.details?.missing)) {
    const missing = (e.details.missing as string[]).map((m) => `• ${truncate(m, 400)}`);
    return truncate(`:no_entry: *${e.message}* Still missing:\n${missing.join('\n')}`, 3900);
  }
  if (isAppError(e)) return `:warning: ${e.message}`;
  return `:warning: Something went wrong: ${scrubSecrets((e as Error)?.message ?? String(e))}`;
}

/** A modal field's error (Slack shows ≤ 150 characters under the field), or undefined for a bug. */
export function fieldErrorText(e: unknown): string | undefined {
  if (isAppError(e, 'FORBIDDEN') || isAppError(e, 'BAD_INPUT') || isAppError(e, 'INVALID_STATE'))
    return e.message.slice(0, 150);
  return undefined;
}

import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiToken } from '../config.js';
import { ApiProblem } from './problem.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Finds the configured token a request presents. Compares SHA-256 digests (always 32 bytes) with
 * timingSafeEqual against every token, so neither the length nor the matching prefix leaks through timing.
 */
export function createBearerAuth(tokens: readonly ApiToken[]) {
  const known = tokens.map((t) => ({ token: t, digest: digest(t.token) }));
  return {
    authenticate(authorization: string | undefined): ApiToken {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
      if (!m?.[1])
        throw new ApiProblem('unauthorized', 'Send the API token as "Authorization: Bearer <token>".');
      const presented = digest(m[1]);
      let found: ApiToken | undefined;
      for (const k of known) if (timingSafeEqual(k.digest, presented)) found = k.token;
      if (!found)
        throw new ApiProblem('unauthorized', 'This token is not in the bot’s api.tokens configuration.');
      return found;
    },
    /** A token acts only on the services it lists (names compare case-insensitively, as everywhere). */
    authorize(token: ApiToken, service: string): void {
      if (!token.services.some((s) => s.toLowerCase() === service.toLowerCase()))
        throw new ApiProblem(
          'forbidden',
          `Token "${token.name}" may act on ${token.services.join(', ')}, not on "${service}".`,
        );
    },
  };
}

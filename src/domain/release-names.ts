import { z } from 'zod';

// No regex flags: the API's OpenAPI document carries these patterns, and JSON Schema has no /i.
/** What a service, version and environment may look like, wherever a release is opened (Slack or API). */
export const serviceName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'must be letters, digits, . _ - (max 63)');
export const versionName = z
  .string()
  .regex(/^v?[0-9A-Za-z][0-9A-Za-z._+-]{0,63}$/, 'must be a version such as 2.3.1 or v2.3.1-rc1');
export const envName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, 'must be letters, digits, _ - (max 32)');

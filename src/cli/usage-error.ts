/** A mistake in how the command was called: the CLI prints it with the usage and exits 2. */
export class UsageError extends Error {}

export const isUsageError = (e: unknown) =>
  e instanceof UsageError ||
  (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') === true ||
  (e as { code?: string }).code === 'CONFIG_INVALID';

/** Known failures, each with a stable code so callers (Slack listeners, CLI) can turn them into advice. */
export const ErrorCode = {
  CONFIG_INVALID: 'CONFIG_INVALID',
  CHECKLIST_INVALID: 'CHECKLIST_INVALID',
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  INVALID_STATE: 'INVALID_STATE',
  BAD_INPUT: 'BAD_INPUT',
  PROBE_TARGET_REFUSED: 'PROBE_TARGET_REFUSED',
  SOURCE_UNAVAILABLE: 'SOURCE_UNAVAILABLE',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

export const isAppError = (e: unknown, code?: ErrorCode): e is AppError =>
  e instanceof AppError && (code === undefined || e.code === code);

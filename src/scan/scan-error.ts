/** Why a scan could not start: the CLI exits 2 with the message, the API answers 4xx. */
export class ScanError extends Error {
  constructor(
    readonly kind: 'no-dir' | 'no-app' | 'bad-option',
    message: string,
  ) {
    super(message);
    this.name = 'ScanError';
  }
}

export const isScanError = (e: unknown): e is ScanError => e instanceof ScanError;

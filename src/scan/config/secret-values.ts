/** A setting name that holds a secret: SECRET_KEY, DB_PASSWORD, API_TOKEN, STRIPE_API_KEY… (not *_FILE paths). */
export const isSecretName = (name: string): boolean =>
  /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL)/i.test(name) &&
  !/_(FILE|PATH)$/i.test(name);

/** `postgresql://user:password@host/db`: a URL that carries its password. */
export const isCredentialledUrl = (value: string): boolean =>
  /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^@\s/]+@/i.test(value);

/** A literal secret in a name/value pair (empty values and `$(VAR)` references are not). */
export const isLiteralSecret = (name: string, value: unknown): boolean => {
  if (typeof value !== 'string' && typeof value !== 'number') return false;
  const text = String(value).trim();
  if (!text || /^\$\(.+\)$/.test(text)) return false;
  return isCredentialledUrl(text) || isSecretName(name);
};

import { describe, expect, it } from 'vitest';
import { evidenceText, maskLine } from '../../../src/scan/mask.js';

describe('maskLine', () => {
  it.each([
    ['SECRET_KEY=changethis', 'SECRET_KEY=****'],
    ['export DB_PASSWORD="hunter22" # local', 'export DB_PASSWORD="****" # local'],
    ['  password: s3cr3t', '  password: ****'],
    ['SECRET_KEY: str = "changethis"', 'SECRET_KEY: str = "****"'],
    ['engine = create_engine(url, password="hunter22")', 'engine = create_engine(url, password="****")'],
    ['HEADERS = {"api_key": "k3y-1234"}', 'HEADERS = {"api_key": "****"}'],
    ['token = "aZ8kP2mQ9xL4vB7nR1tY"', 'token = "****"'],
    ['client = Client("aZ8kP2mQ9xL4vB7nR1tY")', 'client = Client("****")'],
  ])('masks %s', (line, masked) => {
    expect(maskLine(line)).toBe(masked);
  });

  it.each([
    'SECRET_KEY = os.environ["SECRET_KEY"]',
    'SECRET_KEY: str = secrets.token_urlsafe(32)',
    'ACCESS_TOKEN_EXPIRE_MINUTES = 60 * 24 * 8',
    'DEBUG=false',
    'app = FastAPI(title="orders")',
    'password: str | None = None',
    'url = "https://example.com/api/v1/items"',
  ])('leaves %s readable', (line) => {
    expect(maskLine(line)).toBe(line);
  });

  it('masks the ranges secretlint reported and trims to 200 characters after masking', () => {
    expect(maskLine('x = abcdef123 tail', [[4, 13]])).toBe('x = **** tail');
    const long = `note = "${'n'.repeat(300)}"`;
    expect(evidenceText(long)).toHaveLength(200);
    expect(evidenceText(long).endsWith('…')).toBe(true);
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Pem {
  key: string;
  cert: string;
}
export interface TlsFixtures {
  ca: string;
  valid: Pem;
  expiring5: Pem;
  expiring20: Pem;
  selfSigned: Pem;
  wrongHost: Pem;
  cleanup(): void;
}

/** A test CA and leaf certificates made with the openssl CLI at test time (nothing is committed). */
export function makeTlsFixtures(): TlsFixtures {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-check-tls-'));
  const f = (n: string) => join(dir, n);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  ssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.pem'),
    '-days',
    '3650',
    '-subj',
    '/CN=deploy-check test CA',
  );
  const leaf = (name: string, days: number, san: string): Pem => {
    ssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      f(`${name}.key`),
      '-out',
      f(`${name}.csr`),
      '-subj',
      `/CN=${name}`,
    );
    writeFileSync(f(`${name}.ext`), `subjectAltName=${san}\n`);
    ssl(
      'x509',
      '-req',
      '-in',
      f(`${name}.csr`),
      '-CA',
      f('ca.pem'),
      '-CAkey',
      f('ca.key'),
      '-CAcreateserial',
      '-out',
      f(`${name}.pem`),
      '-days',
      String(days),
      '-extfile',
      f(`${name}.ext`),
    );
    return { key: readFileSync(f(`${name}.key`), 'utf8'), cert: readFileSync(f(`${name}.pem`), 'utf8') };
  };
  ssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    f('self.key'),
    '-out',
    f('self.pem'),
    '-days',
    '365',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=DNS:localhost,IP:127.0.0.1',
  );
  return {
    ca: readFileSync(f('ca.pem'), 'utf8'),
    valid: leaf('valid', 365, 'DNS:localhost,IP:127.0.0.1'),
    expiring5: leaf('exp5', 5, 'DNS:localhost,IP:127.0.0.1'),
    expiring20: leaf('exp20', 20, 'DNS:localhost,IP:127.0.0.1'),
    wrongHost: leaf('wrong', 365, 'DNS:other.example'),
    selfSigned: { key: readFileSync(f('self.key'), 'utf8'), cert: readFileSync(f('self.pem'), 'utf8') },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

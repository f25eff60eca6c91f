import { describe, expect, it } from 'vitest';
import { passwordHashing } from '../../../../src/scan/checks/password-hashing.js';
import { createMemoryRepo, fixture, runCheck } from '../../../helpers/scan-memory-repo.js';

describe('scan:password-hashing', () => {
  it('passes passlib bcrypt (template) and pwdlib (well-configured)', () => {
    expect(runCheck(passwordHashing, fixture('template-like'))).toMatchObject({
      verdict: 'pass',
      where: ['backend/app/core/security.py:9'],
    });
    expect(runCheck(passwordHashing, fixture('well-configured'))).toMatchObject({
      verdict: 'pass',
      where: ['app/security.py:8'],
    });
  });

  it('fails hashlib.md5(password.encode())', () => {
    expect(runCheck(passwordHashing, fixture('broken'))).toMatchObject({
      verdict: 'fail',
      where: ['app.py:29'],
    });
  });

  it('fails sha256 through an alias, ignores a digest of something else', () => {
    const repo = createMemoryRepo({
      'auth.py':
        'import hashlib as h\n\ndef digest(body):\n    return h.sha256(body).hexdigest()\n\ndef hash_pw(user):\n    return h.sha256(user.password.encode()).hexdigest()\n',
    });
    expect(runCheck(passwordHashing, repo)).toMatchObject({ verdict: 'fail', where: ['auth.py:7'] });
  });

  it('passes argon2-cffi and bcrypt, warns on a weak CryptContext scheme, unknown without hashing', () => {
    expect(
      runCheck(
        passwordHashing,
        createMemoryRepo({ 'a.py': 'from argon2 import PasswordHasher\nph = PasswordHasher()\n' }),
      ).verdict,
    ).toBe('pass');
    expect(
      runCheck(
        passwordHashing,
        createMemoryRepo({ 'a.py': 'import bcrypt\nbcrypt.hashpw(pw, bcrypt.gensalt())\n' }),
      ).verdict,
    ).toBe('pass');
    expect(
      runCheck(
        passwordHashing,
        createMemoryRepo({
          'a.py': 'from passlib.context import CryptContext\nctx = CryptContext(schemes=["md5_crypt"])\n',
        }),
      ).verdict,
    ).toBe('warn');
    expect(runCheck(passwordHashing, createMemoryRepo({ 'a.py': 'x = 1\n' })).verdict).toBe('unknown');
  });
});

describe('scan:password-hashing, library without a visible call', () => {
  it('is unknown (not pass) when passlib is imported but no CryptContext is built in view', () => {
    const r = runCheck(
      passwordHashing,
      createMemoryRepo({
        'auth.py':
          'from passlib.hash import pbkdf2_sha256 as hasher\n\ndef h(pw):\n    return hasher.hash(pw)\n',
      }),
    );
    expect(r.verdict).toBe('unknown');
    expect(r.summary).toContain('imported');
  });
});

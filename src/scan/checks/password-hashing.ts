import type { SyntaxNode } from '@lezer/common';
import { imports } from '../python/imports.js';
import { callEvidence, callsNamed, effective, noPython } from '../python/kit.js';
import { pythonProject } from '../python/project.js';
import { follow } from '../python/values.js';
import { nodesNamed } from '../python/walk.js';
import type { PythonModule } from '../readers/python.js';
import { result, type ScanEvidence, type SyncScanCheck } from '../types.js';

const HASH_LIBS = ['passlib', 'pwdlib', 'bcrypt', 'argon2'];
const STRONG = ['bcrypt', 'argon2', 'scrypt'];
const DIGESTS = [
  'hashlib.md5',
  'hashlib.sha1',
  'hashlib.sha224',
  'hashlib.sha256',
  'hashlib.sha384',
  'hashlib.sha512',
  'hashlib.new',
];
// Identifiers that hold a password; tested on a name, not on source text.
const PASSWORDY = /pass(word|wd)?|pwd/i;

const mentionsPassword = (mod: PythonModule, node: SyntaxNode) =>
  [...nodesNamed(node, 'VariableName', 'PropertyName')].some((n) => PASSWORDY.test(mod.text(n)));

export const passwordHashing: SyncScanCheck = {
  id: 'password-hashing',
  title: 'Passwords hashed with bcrypt or Argon2',
  run(repo) {
    const project = pythonProject(repo);
    if (!project.modules.length) return noPython();
    const weak = callsNamed(project, ...DIGESTS).filter((c) =>
      c.args.some((a) => mentionsPassword(c.mod, a)),
    );
    if (weak.length)
      return result(
        'fail',
        `password hashed with ${weak[0]!.name}`,
        'A plain digest is fast by design: a leaked table is cracked at billions of guesses per second, and without a per-user salt identical passwords share a hash.',
        'Hash with bcrypt or Argon2: pwdlib `PasswordHash.recommended()`, or passlib `CryptContext(schemes=["argon2", "bcrypt"])`, and rehash on next login.',
        weak.map((c) => callEvidence(repo, c)),
      );
    const good: ScanEvidence[] = [];
    let weakScheme: string | undefined;
    for (const c of callsNamed(project, 'CryptContext')) {
      const schemes = c.kwargs.get('schemes');
      const v = schemes ? effective(follow(project, c.mod, schemes)) : undefined;
      const first = v?.kind === 'list' ? v.items[0] : v;
      const name = first?.kind === 'str' ? first.value : '';
      if (STRONG.some((s) => name.startsWith(s))) good.push(callEvidence(repo, c));
      else if (name) weakScheme = name;
    }
    for (const c of callsNamed(
      project,
      'bcrypt.hashpw',
      'argon2.PasswordHasher',
      'PasswordHash.recommended',
      'pwdlib.PasswordHash',
    ))
      good.push(callEvidence(repo, c));
    if (good.length)
      return result(
        'pass',
        'passwords hashed with bcrypt/Argon2',
        'The password hasher is a slow, salted algorithm (bcrypt, Argon2 or scrypt).',
        '',
        good,
      );
    if (weakScheme)
      return result(
        'warn',
        `CryptContext default scheme is ${weakScheme}`,
        'The first scheme in CryptContext hashes new passwords; it is not bcrypt or Argon2.',
        'Put "argon2" or "bcrypt" first in schemes.',
        [],
      );
    const imported = project.modules.find((m) =>
      [...imports(m).values()].some((i) => HASH_LIBS.includes(i.from.split('.')[0] ?? '')),
    );
    if (imported)
      return result(
        'unknown',
        'a password library is imported but no hashing call was found',
        `${imported.path} imports a hashing library; the scan could not see which algorithm it uses.`,
        '',
      );
    return result(
      'unknown',
      'no password hashing found',
      'No passlib, pwdlib, bcrypt or argon2 use and no digest of a password: the app may not store passwords.',
      '',
    );
  },
};

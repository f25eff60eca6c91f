import { describe, expect, it } from 'vitest';
import { hardcodedSecretsCheck } from '../../../../src/scan/checks/hardcoded-secrets.js';
import { checkOnTmpRepo, fixture } from '../../../helpers/scan-repo.js';

const check = checkOnTmpRepo(hardcodedSecretsCheck);

describe('scan:hardcoded-secrets', () => {
  it('fails on a literal password default in pydantic settings, masked, and leaves tests alone', async () => {
    const r = await check({}, { git: true, from: fixture('template-like') });
    expect(r.verdict).toBe('fail');
    expect(r.evidence).toEqual([
      { path: 'backend/app/core/config.py', line: 76, text: 'FIRST_SUPERUSER_PASSWORD: str = "****"' },
    ]);
  });

  it("fails on what secretlint's recommended rules find in tracked files, and on keyword and dict literals", async () => {
    const r = await check(
      {
        'app/main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
        'app/db.py':
          'DB = "postgresql://orders:Sup3rS3cret@db.internal:5432/orders"\nconnect(password="hunter22")\n',
        'deploy/values.yaml': 'github:\n  token: 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\n',
        'app/keys.py': 'HEADERS = {"api_key": "k3y-1234-abcd"}\n',
      },
      { git: true },
    );
    expect(r.verdict).toBe('fail');
    expect(r.evidence).toEqual([
      // The connection-string rule's match runs through the closing quote.
      { path: 'app/db.py', line: 1, text: 'DB = "****' },
      { path: 'deploy/values.yaml', line: 2, text: 'token: ****' },
      { path: 'app/db.py', line: 2, text: 'connect(password="****")' },
      { path: 'app/keys.py', line: 1, text: 'HEADERS = {"api_key": "****"}' },
    ]);
  });

  it('passes when values come from the environment, and ignores untracked files and .env.example', async () => {
    const r = await check(
      {
        ...{
          'app/main.py':
            'import os\nfrom fastapi import FastAPI\nSECRET_KEY = os.environ["SECRET_KEY"]\napp = FastAPI()\n',
        },
        'scratch.py': 'password = "n0t-committed"\n',
        'app/models.py':
          'class Scheme(Enum):\n    apiKey = "apiKey"\n\nhashed_password = "$2b$12$abcdefghijkl"\nfake_token = "abc123xyz987"\n',
        'docs_src/tutorial001.py': 'fake_secret_token = "coneofsilence"\npassword = "tutorial-pw-1"\n',
        '.env.example': 'SECRET_KEY=changethis\n',
      },
      { git: true, untracked: ['scratch.py'] },
    );
    expect(r.verdict).toBe('pass');
    expect(r.why).toContain('over 3 tracked files ');
  });
});

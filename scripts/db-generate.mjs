// Generates the SQLite and the Postgres migrations from one schema change (`npm run db:generate -- --name x`).
import { execFileSync } from 'node:child_process';

const args = process.argv.slice(2);
for (const config of ['drizzle.config.ts', 'drizzle.postgres.config.ts'])
  execFileSync('npx', ['drizzle-kit', 'generate', '--config', config, ...args], { stdio: 'inherit' });

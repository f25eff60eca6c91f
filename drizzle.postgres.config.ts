import { defineConfig } from 'drizzle-kit';

// Postgres migrations, from the schema derived in src/db/schema-pg.ts (`npm run db:generate` writes both).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema-pg.ts',
  out: './migrations/postgres',
});

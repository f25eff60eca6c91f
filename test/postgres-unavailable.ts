import { it } from 'vitest';

// The "postgres" project's only test when no Postgres can be started (see vitest.config.ts): skipped, with
// the reason in its name so every reporter shows it.
it.skip(`Postgres tests skipped: ${process.env.DEPLOY_CHECK_TEST_PG_UNAVAILABLE}`, () => {});

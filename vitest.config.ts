import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Integration tests start real HTTP servers and SQLite files; two workers match the 2-core CI machine.
    pool: 'forks',
    maxWorkers: 2,
  },
});

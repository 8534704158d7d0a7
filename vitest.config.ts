import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Tests share one private redis-server; each test isolates itself with its own key prefix.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});

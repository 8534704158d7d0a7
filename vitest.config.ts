import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The Redis Cluster suite has its own config and server (vitest.cluster.config.ts, npm run test:cluster).
    exclude: ['test/cluster/**', '**/node_modules/**'],
    globalSetup: ['test/global-setup.ts'],
    // Tests share one private redis-server; each test isolates itself with its own key prefix.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The commands the tests run keep their V8 code cache (bin/code-cache.ts) in the git-ignored
    // test-output/, not in the home folder of whoever runs the tests.
    env: { XDG_CACHE_HOME: fileURLToPath(new URL('./test-output/cache', import.meta.url)) },
  },
});

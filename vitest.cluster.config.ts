import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The Redis Cluster suite (`npm run test:cluster`): test/cluster/ against a private three-master
 * cluster started by test/cluster/cluster-global-setup.ts. `npm test` (vitest.config.ts) leaves
 * test/cluster/ out, so nothing runs twice.
 */
export default defineConfig({
  test: {
    include: ['test/cluster/**/*.test.ts'],
    globalSetup: ['test/cluster/cluster-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The commands the tests run keep their V8 code cache (bin/code-cache.ts) in the git-ignored
    // test-output/, not in the home folder of whoever runs the tests.
    env: { XDG_CACHE_HOME: fileURLToPath(new URL('./test-output/cache', import.meta.url)) },
  },
});

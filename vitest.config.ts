import { defineConfig } from 'vitest/config';

// One runner for the generator's own tests and the generated TypeScript package's tests.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'out/ts/test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['test/support/global-mocks.ts'],
    reporters: ['default'],
  },
});

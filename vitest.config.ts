import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    server: { deps: { inline: ['@actions/workflow-parser'] } },
    // `npm run coverage` (test/core and test/store; .ci/run runs it): each folder fails below
    // its floor, set a point or so under what those tests reach (core: lines 95.4 %, branches
    // 82.2 %, functions 92.4 %, statements 92.7 %; store: 91.0, 76.8, 88.9, 87.4).
    coverage: {
      provider: 'v8',
      include: ['src/core/**', 'src/store/**'],
      reporter: ['text-summary'],
      thresholds: {
        'src/core/**': { lines: 94, branches: 81, functions: 91, statements: 91 },
        'src/store/**': { lines: 90, branches: 75, functions: 87, statements: 86 },
      },
    },
  },
});

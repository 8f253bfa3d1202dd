import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/cli/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'matrix',
          include: ['test/matrix/**/*.test.ts'],
          // Each file installs and tests a whole generated service: two at a time, one per core, as much of a file's
          // time goes to waiting (installs, servers starting, timeouts run out) rather than to computing.
          fileParallelism: true,
          maxWorkers: 2,
          // After the unit tests (a project with its own number of workers runs in a group of its own).
          sequence: { groupOrder: 1 },
          testTimeout: 15 * 60_000,
          hookTimeout: 15 * 60_000,
          // Every generated service installs the same pinned packages: npm takes what it fetched for the first one
          // from its cache instead of asking the registry again for each package (about 15 s of an install's 60).
          env: { npm_config_prefer_offline: 'true' },
        },
      },
    ],
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Test files that run in the same worker process share its modules, and so one database (test/helpers.ts)
    // instead of starting one per file. Tests therefore must not leave changes behind (close apps, drop tables).
    isolate: false,
    // The first test or hook of a worker to need the database waits while the embedded one starts and migrates: a
    // second or two, and several times that on a busy machine, which vitest's defaults (5 s for a test, 10 s for a
    // hook such as the beforeEach that builds the app) do not allow for.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Kysely's FileMigrationProvider imports the .ts migrations; run through vitest, that import can load them.
    server: { deps: { inline: ['kysely'] } },
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Test files that run in the same worker process share its modules, and so one database (test/helpers.ts)
    // instead of starting one per file. Tests therefore must not leave changes behind (close apps, drop tables).
    isolate: false,
    // Kysely's FileMigrationProvider imports the .ts migrations; run through vitest, that import can load them.
    server: { deps: { inline: ['kysely'] } },
  },
});

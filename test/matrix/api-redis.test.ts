import { expect, it } from 'vitest';
import { addExampleArgs } from '../helpers/examples.js';
import {
  describeGeneratedServiceWithRedis,
  runBackend,
  runSuitesOnPostgresAndNode24,
  startBuiltService,
} from '../helpers/matrix.js';
import { runIn } from '../helpers/service.js';

// The preset's tests need Redis on 127.0.0.1:6379 and redis-server on the PATH: .ci/run provides both; a developer
// without them still runs the rest of the matrix.
await describeGeneratedServiceWithRedis('api-redis', {
  moreChecks: (projectDir) => {
    it('caches owned resources in Redis, flat and nested; passes on PostgreSQL + Redis and on Node 24', async () => {
      await runBackend(projectDir(), [...addExampleArgs('projects'), '--owned']);
      await runBackend(projectDir(), [...addExampleArgs('tasks'), '--owned']);
      await runBackend(projectDir(), [
        'add',
        'resource',
        'notes',
        'title:string',
        'body:text?',
        '--owned',
        '--no-cache',
      ]);
      await runIn(projectDir(), 'npm', ['run', 'typecheck']);
      await runIn(projectDir(), 'npm', ['run', 'lint']);
      await runIn(projectDir(), 'npm', ['run', 'format:check']);
      await runSuitesOnPostgresAndNode24(projectDir(), [
        'src/modules/projects',
        'src/modules/tasks',
        'src/modules/notes',
        'src/lib',
      ]);

      await runIn(projectDir(), 'npm', ['run', 'build']);
      const service = await startBuiltService(projectDir());
      try {
        const ready = await fetch(`${service.url}/ready`);
        expect(await ready.json()).toEqual({ status: 'ok', checks: { database: 'ok', redis: 'ok' } });
      } finally {
        await service.stop();
      }
    });
  },
});

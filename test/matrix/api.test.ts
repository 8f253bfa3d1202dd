import { expect, it } from 'vitest';
import { addExampleArgs } from '../helpers/examples.js';
import { describeGeneratedService, runBackend, startBuiltService } from '../helpers/matrix.js';
import { runIn } from '../helpers/service.js';

const json = { 'content-type': 'application/json' };
const realDatabaseUrl = process.env.TEST_DATABASE_URL;
const inCi = process.env.CI === 'true' || process.env.CI === '1';
const password = 'correct horse battery staple';

describeGeneratedService('api', {
  moreChecks: (projectDir) => {
    it('signs up, logs in and refreshes over HTTP; the first admin comes from the script and may list users', async () => {
      // The built service migrates the embedded database as it starts; the script then uses the same database.
      let service = await startBuiltService(projectDir());
      try {
        const registered = await fetch(`${service.url}/v1/auth/register`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ email: 'ada@example.com', password }),
        });
        expect(registered.status).toBe(201);
        const login = await fetch(`${service.url}/v1/auth/login`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ email: 'ada@example.com', password }),
        });
        const tokens = (await login.json()) as { accessToken: string; refreshToken: string };
        const authorization = { authorization: `Bearer ${tokens.accessToken}` };
        expect((await fetch(`${service.url}/v1/auth/me`, { headers: authorization })).status).toBe(200);
        expect((await fetch(`${service.url}/v1/users`, { headers: authorization })).status).toBe(403);
        const refreshed = await fetch(`${service.url}/v1/auth/refresh`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ refreshToken: tokens.refreshToken }),
        });
        expect(refreshed.status).toBe(200);
      } finally {
        await service.stop();
      }

      const created = await runIn(projectDir(), 'npm', ['run', 'users:create-admin'], {
        ADMIN_EMAIL: 'Root@Example.com',
        ADMIN_PASSWORD: 'the first admin passphrase',
      });
      expect(created).toContain('Created admin root@example.com');

      service = await startBuiltService(projectDir());
      try {
        const login = await fetch(`${service.url}/v1/auth/login`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ email: 'root@example.com', password: 'the first admin passphrase' }),
        });
        const { accessToken } = (await login.json()) as { accessToken: string };
        const users = await fetch(`${service.url}/v1/users`, { headers: { authorization: `Bearer ${accessToken}` } });
        expect(users.status).toBe(200);
        expect(((await users.json()) as { total: number }).total).toBe(2);
      } finally {
        await service.stop();
      }
    });

    it('takes owned resources, nested and flat, and one that points at them, and removes them again', async () => {
      const backend = (args: string[]) => runBackend(projectDir(), args);
      await backend([...addExampleArgs('projects'), '--owned']);
      await backend([...addExampleArgs('tasks'), '--owned']);
      await backend(['add', 'resource', 'notes', 'title:string', 'body:text?', '--owned']);
      // Points at owned rows: only at those its caller reaches (422 otherwise), which its tests pin.
      await backend(['add', 'resource', 'labels', 'name:string', 'project:references(projects):cascade']);
      await runIn(projectDir(), 'npm', ['run', 'typecheck']);
      await runIn(projectDir(), 'npm', ['run', 'lint']);
      await runIn(projectDir(), 'npm', ['run', 'format:check']);
      // The users' tests too: the new permissions are the user role's now.
      const suites = [
        'test',
        '--',
        'src/modules/projects',
        'src/modules/tasks',
        'src/modules/notes',
        'src/modules/labels',
      ];
      const onPglite = await runIn(projectDir(), 'npm', [...suites, 'src/modules/users'], {
        TEST_DATABASE_URL: undefined,
      });
      expect(onPglite).toMatch(/Tests\s+\d+ passed/);
      if (realDatabaseUrl || inCi) {
        if (!realDatabaseUrl) throw new Error('CI must provide TEST_DATABASE_URL (see .ci/run)');
        const onPostgres = await runIn(projectDir(), 'npm', suites, { TEST_DATABASE_URL: realDatabaseUrl });
        expect(onPostgres).toMatch(/Tests\s+\d+ passed/);
      }

      for (const name of ['labels', 'tasks', 'projects', 'notes']) await backend(['remove', 'resource', name]);
      await runIn(projectDir(), 'npm', ['run', 'typecheck']);
      const after = await runIn(projectDir(), 'npm', ['test', '--', 'src/modules'], { TEST_DATABASE_URL: undefined });
      expect(after).toMatch(/Tests\s+\d+ passed/);
      expect(after).not.toMatch(/projects\.test\.ts/);
    });
  },
});

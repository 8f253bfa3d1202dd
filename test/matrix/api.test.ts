import { expect, it } from 'vitest';
import { backendBin, runCli } from '../helpers/cli.js';
import { addExampleArgs } from '../helpers/examples.js';
import { describeGeneratedService, startBuiltService } from '../helpers/matrix.js';
import { runIn } from '../helpers/service.js';

const json = { 'content-type': 'application/json' };
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

    it('takes a resource with one command beside the auth modules, and still compiles and passes', async () => {
      const added = await runCli(backendBin, addExampleArgs('projects'), { cwd: projectDir() });
      expect(added.stderr).toBe('');
      expect(added.exitCode).toBe(0);
      await runIn(projectDir(), 'npm', ['run', 'typecheck']);
      const output = await runIn(projectDir(), 'npm', ['test', '--', 'src/modules'], { TEST_DATABASE_URL: undefined });
      expect(output).toMatch(/Tests\s+\d+ passed/);
    });

    it('takes a resource whose rows belong to users with one command, and passes its tests signed in', async () => {
      const args = ['add', 'resource', 'notes', 'title:string', 'body:text?', '--owned'];
      const added = await runCli(backendBin, args, { cwd: projectDir() });
      expect(added.stderr).toBe('');
      expect(added.exitCode).toBe(0);
      await runIn(projectDir(), 'npm', ['run', 'typecheck']);
      // The users' tests too: the new permissions are the user role's now.
      const output = await runIn(projectDir(), 'npm', ['test', '--', 'src/modules/notes', 'src/modules/users'], {
        TEST_DATABASE_URL: undefined,
      });
      expect(output).toMatch(/Tests\s+\d+ passed/);
    });
  },
});

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { authSuites, describeGeneratedService, startBuiltService } from '../helpers/matrix.js';
import { freePort, runIn, waitForHttp } from '../helpers/service.js';

/** The generated service's own stand-in for a browser at the provider (its test/oidc-provider.ts). */
type LogInAtProvider = (authorizationUrl: string, login: { email: string }) => Promise<URL>;

describeGeneratedService('sso', {
  suitesOnRealServers: authSuites,
  moreChecks: (projectDir) => {
    it('logs in over HTTP through the development provider (npm run oidc:provider), as the README says', async () => {
      // The provider and the service as a developer runs them, each in its own process, on free ports.
      const [providerPort, servicePort] = [await freePort(), await freePort()];
      const env = {
        OIDC_ISSUER_URL: `http://127.0.0.1:${providerPort}`,
        OIDC_REDIRECT_URL: `http://127.0.0.1:${servicePort}/v1/auth/callback`,
      };
      // In a process group of its own: npm and tsx each start a child, and stopping the group stops them all.
      const provider = execa('npm', ['run', 'oidc:provider'], {
        cwd: projectDir(),
        env: { ...env, NODE_ENV: undefined },
        detached: true,
        all: true,
        reject: false,
      });
      const { logInAtProvider } = (await import(pathToFileURL(join(projectDir(), 'test/oidc-provider.ts')).href)) as {
        logInAtProvider: LogInAtProvider;
      };
      try {
        await waitForHttp(`${env.OIDC_ISSUER_URL}/.well-known/openid-configuration`, 60_000);
        await runIn(projectDir(), 'npm', ['run', 'users:create-admin'], { ADMIN_EMAIL: 'Root@Example.com' });
        const service = await startBuiltService(projectDir(), process.execPath, { port: servicePort, env });
        try {
          const logIn = async (email: string) => {
            const start = await fetch(`${service.url}/v1/auth/login`, { redirect: 'manual' });
            expect(start.status).toBe(302);
            const loginCookie = (start.headers.get('set-cookie') ?? '').split(';', 1)[0] ?? '';
            const callbackUrl = await logInAtProvider(start.headers.get('location') ?? '', { email });
            const back = await fetch(callbackUrl, { redirect: 'manual', headers: { cookie: loginCookie } });
            expect(back.status).toBe(303);
            expect(back.headers.get('location')).toBe('/v1/auth/me');
            const sid = back.headers.getSetCookie().find((cookie) => cookie.startsWith('sid='));
            return sid?.split(';', 1)[0] ?? '';
          };

          const ada = await logIn('ada@example.com');
          const me = await fetch(`${service.url}/v1/auth/me`, { headers: { cookie: ada } });
          expect(me.status).toBe(200);
          expect(await me.json()).toMatchObject({ email: 'ada@example.com', role: 'user' });
          expect((await fetch(`${service.url}/v1/users`, { headers: { cookie: ada } })).status).toBe(403);
          const logout = await fetch(`${service.url}/v1/auth/logout`, {
            method: 'POST',
            headers: { cookie: ada, origin: service.url },
          });
          expect(logout.status).toBe(204);
          expect((await fetch(`${service.url}/v1/auth/me`, { headers: { cookie: ada } })).status).toBe(401);

          // The admin the script made beforehand is linked at their first login, by verified email.
          const root = await logIn('root@example.com');
          const users = await fetch(`${service.url}/v1/users`, { headers: { cookie: root } });
          expect(users.status).toBe(200);
          expect(((await users.json()) as { total: number }).total).toBe(2);
        } finally {
          await service.stop();
        }
      } finally {
        if (provider.pid) process.kill(-provider.pid, 'SIGTERM');
        await provider;
      }
    });
  },
});

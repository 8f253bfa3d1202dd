import { expect, it } from 'vitest';
import { authSuites, describeGeneratedService, startBuiltService } from '../helpers/matrix.js';

const json = { 'content-type': 'application/json' };
const credentials = JSON.stringify({ email: 'ada@example.com', password: 'correct horse battery staple' });

describeGeneratedService('web', {
  suitesOnRealServers: authSuites,
  moreChecks: (projectDir) => {
    it('signs up, logs in with a cookie and logs out over HTTP; a cross-site write is refused', async () => {
      const service = await startBuiltService(projectDir());
      try {
        // A JSON content type only with a body: Fastify refuses an empty body declared as JSON (400).
        const post = (path: string, headers: Record<string, string> = {}, body?: string) =>
          fetch(`${service.url}${path}`, { method: 'POST', headers: { ...(body ? json : {}), ...headers }, body });
        expect((await post('/v1/auth/register', {}, credentials)).status).toBe(201);
        const login = await post('/v1/auth/login', {}, credentials);
        expect(login.status).toBe(200);
        const cookie = (login.headers.get('set-cookie') ?? '').split(';', 1)[0] ?? '';
        expect(cookie).toMatch(/^sid=/);
        expect((await fetch(`${service.url}/v1/auth/me`, { headers: { cookie } })).status).toBe(200);
        expect((await post('/v1/auth/logout', { cookie, origin: 'https://evil.example' })).status).toBe(403);
        expect((await post('/v1/auth/logout', { cookie, origin: service.url })).status).toBe(204);
        expect((await fetch(`${service.url}/v1/auth/me`, { headers: { cookie } })).status).toBe(401);
      } finally {
        await service.stop();
      }
    });
  },
});

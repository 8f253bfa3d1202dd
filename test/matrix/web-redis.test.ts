import { expect, it, vi } from 'vitest';
import { describeGeneratedServiceWithRedis, startBuiltService } from '../helpers/matrix.js';

const json = { 'content-type': 'application/json' };
const credentials = JSON.stringify({ email: 'ada@example.com', password: 'correct horse battery staple' });

// Needs Redis on 127.0.0.1:6379, as the api-redis preset does. The web preset runs its auth suites on PostgreSQL
// and Node 24, and api-redis every suite; what this one adds is sessions read through Redis, so those suites run there.
await describeGeneratedServiceWithRedis('web-redis', {
  suitesOnRealServers: ['src/modules/sessions', 'src/modules/auth', 'src/modules/accounts'],
  moreChecks: (projectDir) => {
    it('logs in and out over HTTP with sessions read through Redis', async () => {
      const service = await startBuiltService(projectDir());
      try {
        const post = (path: string, headers: Record<string, string> = {}, body?: string) =>
          fetch(`${service.url}${path}`, { method: 'POST', headers: { ...(body ? json : {}), ...headers }, body });
        const ready = await fetch(`${service.url}/ready`);
        expect(await ready.json()).toEqual({ status: 'ok', checks: { database: 'ok', redis: 'ok' } });
        expect((await post('/v1/auth/register', {}, credentials)).status).toBe(201);
        const login = await post('/v1/auth/login', {}, credentials);
        const cookie = (login.headers.get('set-cookie') ?? '').split(';', 1)[0] ?? '';
        const me = () => fetch(`${service.url}/v1/auth/me`, { headers: { cookie } });
        expect((await me()).status).toBe(200);
        // The copy is written in the background: a later read finds it, and /metrics counts the hit.
        await vi.waitFor(async () => {
          expect((await me()).status).toBe(200);
          expect(await (await fetch(`${service.url}/metrics`)).text()).toMatch(/^cache_hits_total [1-9]/m);
        });
        expect((await post('/v1/auth/logout', { cookie, origin: service.url })).status).toBe(204);
        expect((await me()).status).toBe(401);
      } finally {
        await service.stop();
      }
    });
  },
});

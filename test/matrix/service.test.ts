import { expect, it } from 'vitest';
import { authSuites, describeGeneratedService, startBuiltService } from '../helpers/matrix.js';
import { runIn } from '../helpers/service.js';

describeGeneratedService('service', {
  suitesOnRealServers: authSuites,
  moreChecks: (projectDir) => {
    it('makes the first key with the script, then creates, uses and revokes a key over HTTP', async () => {
      // The built service migrates the embedded database as it starts; the script then uses the same database.
      let service = await startBuiltService(projectDir());
      await service.stop();
      const output = await runIn(projectDir(), 'npm', ['run', 'api-keys:create-admin'], {
        ADMIN_EMAIL: 'Root@Example.com',
      });
      const adminKey = /^sk_[0-9a-f]{12}_\S+$/m.exec(output)?.[0] ?? '';
      expect(adminKey, output).not.toBe('');

      service = await startBuiltService(projectDir());
      try {
        const admin = { 'x-api-key': adminKey };
        expect((await fetch(`${service.url}/v1/users`, { headers: admin })).status).toBe(200);
        const created = await fetch(`${service.url}/v1/api-keys`, {
          method: 'POST',
          headers: { ...admin, 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'worker', scopes: ['profile:read'] }),
        });
        expect(created.status).toBe(201);
        const { id, key } = (await created.json()) as { id: string; key: string };
        const worker = { authorization: `Bearer ${key}` };
        expect((await fetch(`${service.url}/v1/auth/me`, { headers: worker })).status).toBe(200);
        expect((await fetch(`${service.url}/v1/users`, { headers: worker })).status).toBe(403);
        const revoked = await fetch(`${service.url}/v1/api-keys/${id}`, { method: 'DELETE', headers: admin });
        expect(revoked.status).toBe(204);
        expect((await fetch(`${service.url}/v1/auth/me`, { headers: worker })).status).toBe(401);
      } finally {
        await service.stop();
      }
    });
  },
});

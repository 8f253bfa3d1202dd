import type { App } from '../src/app.js';
import type { Role } from '../src/auth/permissions.js';
import { SessionCookie } from '../src/auth/session-cookie.js';
import { createSessionsService } from '../src/modules/sessions/sessions.service.js';
import { getTestDatabase, testConfig } from './helpers.js';
import { createTestUser } from './users.js';

/**
 * A new user with this role and a live session, as if they had just logged in at the identity provider: the
 * headers that authenticate a request as them (the session cookie). The login itself is tested, through a real
 * provider, in src/modules/auth/auth.test.ts. Every auth style's test/auth.ts has a signIn like this one.
 */
export async function signIn(app: App, role: Role = 'user') {
  const config = testConfig();
  const user = await createTestUser(role);
  const { token } = await createSessionsService({ config, db: (await getTestDatabase()).db }).start(user.id);
  const cookie = `${new SessionCookie(config).name}=${app.signCookie(token)}`;
  return { user, cookie, headers: { cookie } };
}

import { generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { buildTestApp, expectProblem, getTestDatabase, resetDatabase, testConfig } from '../../../test/helpers.js';
import {
  logInAtProvider,
  type OidcProvider,
  type ProviderLogin,
  startOidcProvider,
} from '../../../test/oidc-provider.js';
import { createTestUser } from '../../../test/users.js';
import type { App } from '../../app.js';

const cookieOf = (setCookie: string[], name: string) =>
  setCookie.find((cookie) => cookie.startsWith(`${name}=`))?.split(';', 1)[0] ?? '';
const setCookies = (response: { headers: Record<string, unknown> }) =>
  ([] as string[]).concat((response.headers['set-cookie'] as string | string[] | undefined) ?? []);

describe('single sign-on (OpenID Connect)', () => {
  const config = testConfig();
  const audience = 'https://api.example.com';
  let provider: OidcProvider;
  let app: App;

  beforeAll(async () => {
    const client = {
      id: config.OIDC_CLIENT_ID,
      secret: config.OIDC_CLIENT_SECRET,
      redirectUri: config.OIDC_REDIRECT_URL,
    };
    provider = await startOidcProvider({ port: 0, client });
  });
  afterAll(() => provider.close());

  beforeEach(async () => {
    await resetDatabase(await getTestDatabase());
    app = await buildTestApp({ OIDC_ISSUER_URL: provider.issuer, OIDC_AUDIENCE: audience });
  });
  afterEach(() => app.close());

  /** GET /v1/auth/login, as a browser: where it is sent, and the login cookie that ties the callback to it. */
  async function startLogin(returnTo?: string) {
    const response = await app.inject({ url: '/v1/auth/login', query: returnTo ? { returnTo } : {} });
    expect(response.statusCode).toBe(302);
    return { location: String(response.headers.location), loginCookie: cookieOf(setCookies(response), 'login') };
  }

  /** The callback, as the browser that carries `loginCookie` reaches it. */
  function callback(url: URL, loginCookie: string) {
    return app.inject({ url: `${url.pathname}${url.search}`, headers: { cookie: loginCookie } });
  }

  /** A whole login: this service, the provider's login and consent pages, the callback. The session cookie. */
  async function logIn(login: ProviderLogin) {
    const { location, loginCookie } = await startLogin();
    const response = await callback(await logInAtProvider(location, login), loginCookie);
    expect(response.statusCode).toBe(303);
    return cookieOf(setCookies(response), 'sid');
  }

  const me = (headers: Record<string, string>) => app.inject({ url: '/v1/auth/me', headers });
  const count = async (table: 'users' | 'sessions' | 'user_identities') =>
    Number(
      (await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute((await getTestDatabase()).db))
        .rows[0]?.n,
    );

  describe('login through the provider', () => {
    it('sends the browser to the provider with PKCE (S256), state and nonce, in a short-lived signed cookie', async () => {
      const response = await app.inject({ url: '/v1/auth/login' });

      expect(response.statusCode).toBe(302);
      const url = new URL(String(response.headers.location));
      expect(url.origin).toBe(provider.issuer);
      expect(url.searchParams.get('response_type')).toBe('code');
      expect(url.searchParams.get('client_id')).toBe(config.OIDC_CLIENT_ID);
      expect(url.searchParams.get('redirect_uri')).toBe(config.OIDC_REDIRECT_URL);
      expect(url.searchParams.get('code_challenge_method')).toBe('S256');
      expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
      expect(url.searchParams.get('state')).toMatch(/^[\w-]{43}$/);
      expect(url.searchParams.get('nonce')).toMatch(/^[\w-]{43}$/);
      const loginCookie = setCookies(response).find((cookie) => cookie.startsWith('login='));
      expect(loginCookie).toMatch(/; Max-Age=600/);
      expect(loginCookie).toMatch(/; HttpOnly/);
      expect(loginCookie).toMatch(/; SameSite=Lax/);
      // The verifier stays with the browser and the service: the provider sees only its hash.
      expect(String(response.headers.location)).not.toContain(
        Buffer.from(decodeURIComponent(loginCookie ?? '').split('=')[1] ?? '', 'base64url').toString(),
      );
    });

    it('authorize, login, consent, callback: a session for a new user, /me, and logout', async () => {
      const { location, loginCookie } = await startLogin('/v1/auth/me?from=login');
      const callbackUrl = await logInAtProvider(location, { email: 'Ada@Example.com' });
      expect(callbackUrl.href.startsWith(config.OIDC_REDIRECT_URL)).toBe(true);

      const response = await callback(callbackUrl, loginCookie);

      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe('/v1/auth/me?from=login');
      const cookies = setCookies(response);
      expect(cookies.find((cookie) => cookie.startsWith('sid='))).toMatch(/; HttpOnly.*; SameSite=Lax/);
      expect(cookies.find((cookie) => cookie.startsWith('login='))).toMatch(/Expires=Thu, 01 Jan 1970/);
      const sid = cookieOf(cookies, 'sid');
      const who = await me({ cookie: sid });
      expect(who.statusCode).toBe(200);
      expect(who.json()).toMatchObject({ email: 'ada@example.com', role: 'user' });
      expect(await count('user_identities')).toBe(1);

      const logout = await app.inject({ method: 'POST', url: '/v1/auth/logout', headers: { cookie: sid } });
      expect(logout.statusCode).toBe(204);
      expectProblem(await me({ cookie: sid }), 401);
    });

    it('finds the same user at the next login, and links a user made beforehand by verified email', async () => {
      const admin = await createTestUser('admin', 'boss@example.com');

      const first = await me({ cookie: await logIn({ email: 'boss@example.com' }) });
      const again = await me({ cookie: await logIn({ email: 'boss@example.com' }) });

      expect(first.json()).toMatchObject({ id: admin.id, role: 'admin' });
      expect(again.json()).toMatchObject({ id: admin.id, role: 'admin' });
      expect(await count('users')).toBe(1);
      expect(await count('user_identities')).toBe(1);
    });

    it('refuses an email the provider has not verified: 401, and no user made', async () => {
      const { location, loginCookie } = await startLogin();
      const callbackUrl = await logInAtProvider(location, { email: 'eve@example.com', emailVerified: false });

      expectProblem(await callback(callbackUrl, loginCookie), 401);
      expect(await count('users')).toBe(0);
    });

    it('answers 401 when the user cancels at the provider', async () => {
      const { location, loginCookie } = await startLogin();
      const callbackUrl = await logInAtProvider(location, { email: 'ada@example.com', answer: 'cancel' });

      expect(callbackUrl.searchParams.get('error')).toBe('access_denied');
      expectProblem(await callback(callbackUrl, loginCookie), 401);
      expect(await count('sessions')).toBe(0);
    });
  });

  describe('the callback', () => {
    it('refuses a code and state meant for another browser (its login cookie does not match): 401', async () => {
      const victim = await startLogin();
      const attacker = await startLogin();
      const attackersCallback = await logInAtProvider(attacker.location, { email: 'mallory@example.com' });

      expectProblem(await callback(attackersCallback, victim.loginCookie), 401);
      expectProblem(await callback(attackersCallback, ''), 401);
      expect(await count('sessions')).toBe(0);
    });

    it('refuses a forged login cookie, and a replayed callback whose code was used already', async () => {
      const { location, loginCookie } = await startLogin();
      const callbackUrl = await logInAtProvider(location, { email: 'ada@example.com' });
      const [name, value] = loginCookie.split('=') as [string, string];

      expectProblem(await callback(callbackUrl, `${name}=${value.slice(0, -2)}xx`), 401);
      expect((await callback(callbackUrl, loginCookie)).statusCode).toBe(303);
      expectProblem(await callback(callbackUrl, loginCookie), 401);
      expect(await count('sessions')).toBe(1);
    });

    it('refuses a login whose state, nonce or PKCE verifier is not the one it started with', async () => {
      for (const check of ['state', 'nonce', 'codeVerifier']) {
        const { location, loginCookie } = await startLogin();
        const callbackUrl = await logInAtProvider(location, { email: 'ada@example.com' });
        // The login cookie as this service would have signed it, with one check changed.
        const pending = app.unsignCookie(decodeURIComponent(loginCookie.split('=')[1] ?? '')).value ?? '';
        const altered = { ...JSON.parse(Buffer.from(pending, 'base64url').toString()), [check]: 'x'.repeat(43) };
        const value = app.signCookie(Buffer.from(JSON.stringify(altered)).toString('base64url'));

        expectProblem(await callback(callbackUrl, `login=${encodeURIComponent(value)}`), 401);
      }
      expect(await count('sessions')).toBe(0);
    });

    it('replaces the session the browser had (a new id at every login)', async () => {
      const before = await logIn({ email: 'ada@example.com' });
      const { location, loginCookie } = await startLogin();
      const callbackUrl = await logInAtProvider(location, { email: 'ada@example.com' });

      const response = await callback(callbackUrl, `${loginCookie}; ${before}`);

      expect(cookieOf(setCookies(response), 'sid')).not.toBe(before);
      expectProblem(await me({ cookie: before }), 401);
      expect(await count('sessions')).toBe(1);
    });

    it('returns only to paths on this service (no open redirect)', async () => {
      for (const returnTo of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
        expectProblem(await app.inject({ url: '/v1/auth/login', query: { returnTo } }), 400);
      }
    });
  });

  describe("the provider's access tokens (OIDC_AUDIENCE set)", () => {
    /** A user who has logged in once, and the subject the provider knows them by. */
    async function knownUser() {
      const cookie = await logIn({ email: 'ada@example.com' });
      const { rows } = await sql<{ subject: string }>`SELECT subject FROM user_identities`.execute(
        (await getTestDatabase()).db,
      );
      return { cookie, sub: rows[0]?.subject ?? '' };
    }
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

    it('are accepted for a user who has logged in here, verified against the provider keys', async () => {
      const { sub } = await knownUser();

      const response = await me(bearer(await provider.signAccessToken({ sub, aud: audience })));

      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ email: 'ada@example.com' });
    });

    it('are refused when expired, for another audience, signed by another key, unsigned, or for an unknown subject', async () => {
      const { sub } = await knownUser();
      const { privateKey } = await generateKeyPair('RS256');
      const forged = await new SignJWT({ sub, aud: audience })
        .setProtectedHeader({ alg: 'RS256', kid: 'provider-key' })
        .setIssuer(provider.issuer)
        .setExpirationTime('5m')
        .sign(privateKey);
      const unsigned = new UnsecuredJWT({ sub, aud: audience }).setIssuer(provider.issuer).setExpirationTime('5m');

      for (const token of [
        await provider.signAccessToken({ sub, aud: audience }, Math.floor(Date.now() / 1000) - 60),
        await provider.signAccessToken({ sub, aud: config.OIDC_CLIENT_ID }),
        forged,
        unsigned.encode(),
        await provider.signAccessToken({ sub: 'someone-else', aud: audience }),
      ]) {
        const response = await me(bearer(token));
        expectProblem(response, 401);
        expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
      }
    });

    it('must be for an audience other than the client id, which ID tokens carry: the app refuses to start', async () => {
      await expect(buildTestApp({ OIDC_AUDIENCE: config.OIDC_CLIENT_ID })).rejects.toThrow(/OIDC_AUDIENCE/);
    });

    it('are not looked at without OIDC_AUDIENCE', async () => {
      await app.close();
      app = await buildTestApp({ OIDC_ISSUER_URL: provider.issuer });
      const { sub } = await knownUser();

      expectProblem(await me(bearer(await provider.signAccessToken({ sub, aud: audience }))), 401);
    });
  });

  it('answers 503 when the provider cannot be reached, and starts no login', async () => {
    await app.close();
    app = await buildTestApp({ OIDC_ISSUER_URL: 'http://127.0.0.1:9/' });

    const response = await app.inject({ url: '/v1/auth/login' });

    expectProblem(response, 503);
    expect(response.headers['set-cookie']).toBeUndefined();
  });
});

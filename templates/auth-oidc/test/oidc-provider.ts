import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import Provider, { type Account } from 'oidc-provider';

/**
 * A real OpenID provider (the `oidc-provider` package) on 127.0.0.1, with one client: this service. The tests
 * log in through it, and `npm run oidc:provider` runs it for development. Its login page takes any email with
 * no password, so it stands in for your identity provider on this machine only: never expose it.
 */
export interface OidcProvider {
  /** The issuer URL, which is also where discovery starts (`OIDC_ISSUER_URL`). */
  issuer: string;
  /**
   * Signs an access token with the provider's own key, as a provider that issues JWT access tokens would.
   * `expiresAt` is a duration from now (`'5m'`) or a time in seconds since the epoch.
   */
  signAccessToken(claims: JWTPayload & { sub: string; aud: string }, expiresAt?: string | number): Promise<string>;
  close(): Promise<void>;
}

export interface OidcProviderOptions {
  /** 0 picks a free port. */
  port: number;
  client: { id: string; secret: string; redirectUri: string };
}

/** Who logs in at the provider's login page. `emailVerified: false` plays a provider that has not checked it. */
export interface ProviderLogin {
  email: string;
  emailVerified?: boolean;
  /** What the user does at the provider: allow the service, or cancel. */
  answer?: 'allow' | 'cancel';
}

// The account id carries what the login page was given, so that no account store is needed.
const accountId = (login: { email: string; emailVerified: boolean }) =>
  Buffer.from(JSON.stringify(login)).toString('base64url');

function findAccount(_context: unknown, id: string): Account {
  const { email, emailVerified } = JSON.parse(Buffer.from(id, 'base64url').toString()) as {
    email: string;
    emailVerified: boolean;
  };
  return { accountId: id, claims: () => ({ sub: id, email, email_verified: emailVerified }) };
}

export async function startOidcProvider({ port, client }: OidcProviderOptions): Promise<OidcProvider> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: 'provider-key', alg: 'RS256', use: 'sig' };

  const server = createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: client.id,
        client_secret: client.secret,
        redirect_uris: [client.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [signingKey] },
    findAccount,
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    pkce: { required: () => true },
    interactions: { url: (_context, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    features: { devInteractions: { enabled: false } },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
  });

  // The provider answers everything but its login and consent pages, which are this file's.
  const providerCallback = provider.callback();
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const interaction = /^\/interaction\/([\w-]+)(?:\/(login|consent|cancel))?$/.exec(request.url ?? '');
    if (!interaction) return void providerCallback(request, response);
    answerInteraction(provider, request, response, interaction[2]).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    });
  });

  return {
    issuer,
    signAccessToken: (claims, expiresAt = '5m') =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: signingKey.kid, typ: 'at+jwt' })
        .setIssuer(issuer)
        .setIssuedAt()
        .setExpirationTime(expiresAt)
        .sign(privateKey),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** The login page (any email, no password), the consent page, and what their forms post. */
async function answerInteraction(
  provider: Provider,
  request: IncomingMessage,
  response: ServerResponse,
  action: string | undefined,
): Promise<void> {
  const details = await provider.interactionDetails(request, response);
  const form = request.method === 'POST' ? new URLSearchParams(await readBody(request)) : undefined;

  if (action === 'cancel' && form) {
    const result = { error: 'access_denied', error_description: 'The user cancelled the login' };
    return provider.interactionFinished(request, response, result, { mergeWithLastSubmission: false });
  }
  if (action === 'login' && form) {
    const login = { email: form.get('email') ?? '', emailVerified: form.get('email_verified') === 'on' };
    return provider.interactionFinished(request, response, { login: { accountId: accountId(login) } });
  }
  if (action === 'consent' && form && details.session?.accountId) {
    const grant = new provider.Grant({
      accountId: details.session.accountId,
      clientId: String(details.params.client_id),
    });
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    const grantId = await grant.save();
    return provider.interactionFinished(request, response, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  const uid = details.uid;
  const page =
    details.prompt.name === 'login'
      ? `<h1>Log in</h1><p>A development provider: any email logs in, with no password.</p>
<form method="post" action="/interaction/${uid}/login">
  <label>Email <input type="email" name="email" required autofocus></label>
  <label><input type="checkbox" name="email_verified" checked> email verified</label>
  <button>Log in</button>
</form>`
      : `<h1>Allow ${escapeHtml(String(details.params.client_id))} to see your email address?</h1>
<form method="post" action="/interaction/${uid}/consent"><button>Allow</button></form>`;
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
    `<!doctype html><title>Development OpenID provider</title>${page}
<form method="post" action="/interaction/${uid}/cancel"><button>Cancel</button></form>`,
  );
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * Plays a browser at the provider: opens the authorization URL, fills in the login page, answers the consent
 * page, and follows every redirect (keeping the provider's cookies) until the provider sends the browser back
 * to the service. Returns that URL: the service's callback with `code` and `state` (or `error`).
 */
export async function logInAtProvider(authorizationUrl: string, login: ProviderLogin): Promise<URL> {
  const cookies = new Map<string, string>();
  const providerOrigin = new URL(authorizationUrl).origin;
  let url = new URL(authorizationUrl);
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < 20; hop++) {
    const response = await fetch(url, {
      method: body ? 'POST' : 'GET',
      body,
      redirect: 'manual',
      headers: { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
    });
    for (const setCookie of response.headers.getSetCookie()) {
      const [pair = ''] = setCookie.split(';', 1);
      const separator = pair.indexOf('=');
      cookies.set(pair.slice(0, separator), pair.slice(separator + 1));
    }
    const location = response.headers.get('location');
    if (location) {
      url = new URL(location, url);
      body = undefined;
      if (url.origin !== providerOrigin) return url;
      continue;
    }
    const page = await response.text();
    if (response.status !== 200) throw new Error(`The provider answered ${response.status}: ${page}`);
    ({ url, body } = submitPage(page, url, login));
  }
  throw new Error('The provider redirected more than 20 times');
}

/** What the browser posts from a login or consent page: the form the user would fill in and submit. */
function submitPage(page: string, url: URL, login: ProviderLogin): { url: URL; body: URLSearchParams } {
  const actions = [...page.matchAll(/action="([^"]+)"/g)].map((match) => match[1] ?? '');
  const pick = (suffix: string) => new URL(actions.find((action) => action.endsWith(suffix)) ?? '', url);
  if (login.answer === 'cancel') return { url: pick('/cancel'), body: new URLSearchParams() };
  if (page.includes('name="email"')) {
    const fields = new URLSearchParams({ email: login.email });
    if (login.emailVerified !== false) fields.set('email_verified', 'on');
    return { url: pick('/login'), body: fields };
  }
  return { url: pick('/consent'), body: new URLSearchParams() };
}

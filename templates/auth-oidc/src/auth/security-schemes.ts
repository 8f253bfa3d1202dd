/**
 * How clients authenticate, for the OpenAPI document: the session cookie that the login at the identity
 * provider starts (`sid` in development, where /docs is used; `__Host-sid` in production), or an access token
 * the provider issued for this API (when OIDC_AUDIENCE is set). Log in in another tab of the same browser
 * (/v1/auth/login) and /docs sends the cookie by itself.
 */
export const securitySchemes = {
  sessionCookie: { type: 'apiKey', in: 'cookie', name: 'sid' },
  providerAccessToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
} as const;

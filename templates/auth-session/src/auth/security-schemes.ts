/**
 * How clients authenticate, for the OpenAPI document: the session cookie that POST /v1/auth/login sets. It is
 * `sid` in development, where /docs is used; production names it `__Host-sid` (see src/auth/session-cookie.ts).
 * Browsers send it by themselves, so /docs works once you have logged in there.
 */
export const securitySchemes = {
  sessionCookie: { type: 'apiKey', in: 'cookie', name: 'sid' },
} as const;

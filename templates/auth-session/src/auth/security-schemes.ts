/**
 * How clients authenticate, for the OpenAPI document: the session cookie that POST /v1/auth/login sets (named
 * `__Host-sid` in production). Browsers send it by themselves, so /docs works once you have logged in there.
 */
export const securitySchemes = {
  sessionCookie: { type: 'apiKey', in: 'cookie', name: 'sid' },
} as const;

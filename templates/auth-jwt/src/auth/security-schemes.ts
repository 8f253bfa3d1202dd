/** How clients authenticate, for the OpenAPI document: a bearer access token from POST /v1/auth/login. */
export const securitySchemes = {
  bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
} as const;

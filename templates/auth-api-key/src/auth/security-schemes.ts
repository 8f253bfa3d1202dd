/**
 * How clients authenticate, for the OpenAPI document: an API key, in `X-API-Key` or as a bearer token. Under
 * "Authorize" in /docs, fill in either.
 */
export const securitySchemes = {
  apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
  apiKeyBearer: { type: 'http', scheme: 'bearer', description: 'The API key as `Authorization: Bearer <key>`' },
} as const;

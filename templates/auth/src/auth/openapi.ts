import type { jsonSchemaTransform } from 'fastify-type-provider-zod';

import { securitySchemes } from './security-schemes.js';

export { securitySchemes };

type RouteTransform = typeof jsonSchemaTransform;

/**
 * Wraps the OpenAPI document's route transform: a route that requires a permission lists the security
 * schemes as its requirement, so that /docs marks it with a lock and sends the credentials given under
 * "Authorize". Routes declare a permission once, in their config; the document follows from it.
 */
export function withSecurityRequirements(transform: RouteTransform): RouteTransform {
  const security = Object.keys(securitySchemes).map((name) => ({ [name]: [] }));
  return (input) => {
    const output = transform(input);
    if (!input.route.config?.permission) return output;
    return { ...output, schema: { ...output.schema, security } };
  };
}

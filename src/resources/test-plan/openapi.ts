import type { TestPlanBasis } from './index.js';

/** The OpenAPI test: what every resource documents, and what its traits add. */
export function openapiSection(basis: TestPlanBasis) {
  return { expectations: basis.fromTraits((part) => part.docs) };
}

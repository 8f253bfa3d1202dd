import type { FilterOperator } from '../field-types/types.js';
import { tsString } from '../render-fields.js';
import { filterKey } from '../render-filters.js';
import type { TestPlanBasis } from './index.js';

/** The OpenAPI test: what every resource documents, and what its traits add. */
export function openapiSection(basis: TestPlanBasis) {
  return { expectations: [...filterParameters(basis), ...basis.fromTraits((part) => part.docs)] };
}

/** The list's filters are query parameters, each with a description: one per operator the fields have. */
function filterParameters(basis: TestPlanBasis): string[] {
  const operators: FilterOperator[] = ['eq', 'gte', 'contains', 'in'];
  const keys = operators.flatMap((operator) => {
    const field = basis.fields.find((each) => each.filterOperators.includes(operator));
    return field ? [filterKey(field, operator)] : [];
  });
  if (keys.length === 0) return [];
  return [
    '// Each filter of the list is a query parameter, with a description.',
    'const parameters = collection.get.parameters.map((parameter: { name: string; description?: string }) => [',
    '  parameter.name,',
    '  parameter.description,',
    ']);',
    `expect(Object.fromEntries(parameters)).toMatchObject({ ${keys
      .map((key) => `${tsString(key)}: expect.any(String)`)
      .join(', ')} });`,
  ];
}

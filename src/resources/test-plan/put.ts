import { tsString } from '../render-fields.js';
import type { TestPlanBasis } from './index.js';

/** PUT: the whole row replaced, so an optional field left out is cleared, and a required one missing refused. */
export function putSection(basis: TestPlanBasis) {
  const { names, optionalFields, requiredFields } = basis;
  return {
    title: tsString(
      `replaces the whole ${names.singularWords}${optionalFields.length > 0 ? ': an optional field left out becomes null' : ''}`,
    ),
    cleared: optionalFields.map((field) => field.name),
    requiredPaths: requiredFields.map((field) => tsString(`body.${field.name}`)).join(', '),
  };
}

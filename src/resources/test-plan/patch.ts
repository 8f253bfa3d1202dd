import { tsString } from '../render-fields.js';
import type { TestPlanBasis } from './index.js';

/** PATCH: the changes it sends (a required field changed, an optional one cleared), and a value it refuses. */
export function patchSection(basis: TestPlanBasis) {
  const [firstRequired] = basis.requiredFields;
  const [firstOptional] = basis.optionalFields;
  const changes = [
    ...(firstRequired ? [`${firstRequired.name}: (await ${basis.functions.replacement}()).${firstRequired.name}`] : []),
    ...(firstOptional ? [`${firstOptional.name}: null`] : []),
  ];
  const invalid = basis.fields
    .flatMap((field) => basis.samples(field).invalid.map((each) => ({ ...each, name: field.name })))
    .at(0);
  return {
    title: tsString(`changes the given fields only${firstOptional ? ', and null clears an optional one' : ''}`),
    changes: `{ ${changes.join(', ')} }`,
    invalid: invalid ?? false,
  };
}

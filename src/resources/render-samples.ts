import type { FieldSpec } from './field-spec.js';
import { fieldTypeDefinitions } from './field-types/index.js';
import type { FieldSamples } from './field-types/types.js';
import { words } from './names.js';

/**
 * Values for the generated tests of a field: its type's samples (each type's module in field-types/ has them), and
 * its default as the API writes it back.
 */

export type { FieldSamples, InvalidValue } from './field-types/types.js';
export { messagePattern, tsLiteral } from './field-types/typescript-literals.js';

/** The field's name in prose: dueDate -> 'due date'. */
export const prose = (name: string) => words(name).join(' ');

export function fieldSamples(field: FieldSpec): FieldSamples {
  const type = fieldTypeDefinitions[field.type];
  return {
    ...type.samples(field, prose(field.name)),
    ...(field.defaultValue === undefined ? {} : { defaultResponse: type.responseDefault(field.defaultValue, field) }),
  };
}

import { lengthCheck, lengthProblem, lengthRules, textSamples } from './lengths.js';
import { sameType } from './row-types.js';
import { type FieldTypeDefinition, textOperators } from './types.js';
import { tsString } from './typescript-literals.js';

/** A long text (a description, a body): a text column, at least 1 character, as long as max() allows. */
export const textType: FieldTypeDefinition = {
  modifiers: ['unique', 'index', 'min', 'max', 'searchable'],
  defaultProblem: lengthProblem,

  rules: (field) => `z.string()${lengthRules({ min: field.minLength ?? 1, max: field.maxLength })}`,
  column: () => 'text',
  check: (field) => lengthCheck(field, false),
  rowType: sameType('string'),
  sqlDefault: tsString,
  zodDefault: tsString,

  sortable: false,
  filterOperators: textOperators,

  samples: (field, proseName) => textSamples(field, proseName, field.maxLength),
  responseDefault: tsString,
};

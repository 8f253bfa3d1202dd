import { lengthCheck, lengthProblem, lengthRules, textSamples, varcharLength } from './lengths.js';
import { sameType } from './row-types.js';
import { type FieldTypeDefinition, textOperators } from './types.js';
import { tsString } from './typescript-literals.js';

/** A short text (a name, a title): a varchar, 1 to 255 characters unless min() and max() say otherwise. */
export const stringType: FieldTypeDefinition = {
  modifiers: ['unique', 'index', 'min', 'max', 'searchable'],
  defaultProblem: lengthProblem,

  rules: (field) => `z.string()${lengthRules({ min: field.minLength ?? 1, max: varcharLength(field) })}`,
  column: (field) => `varchar(${varcharLength(field)})`,
  check: (field) => lengthCheck(field, true),
  rowType: sameType('string'),
  sqlDefault: tsString,
  zodDefault: tsString,

  sortable: true,
  filterOperators: textOperators,

  samples: (field, proseName) => textSamples(field, proseName, varcharLength(field)),
  responseDefault: tsString,
};

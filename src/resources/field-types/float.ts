import { numberBounds, isNumber, numberLiteral, rangeCheck, rangeProblem } from './numbers.js';
import { sameType } from './row-types.js';
import { refusedDefault, type FieldTypeDefinition, type InvalidValue, rangeOperators } from './types.js';
import { tsString } from './typescript-literals.js';

/** A floating-point number: a JSON number, a double precision column. */
export const floatType: FieldTypeDefinition = {
  modifiers: ['unique', 'index', 'range'],
  defaultProblem: (value, field) => (isNumber(value) ? rangeProblem(value, field) : refusedDefault(value, 'a number')),

  rules: (field) => `z.number()${field.range ? `.min(${field.range.min}).max(${field.range.max})` : ''}`,
  column: () => 'double precision',
  check: rangeCheck,
  rowType: sameType('number'),
  sqlDefault: numberLiteral,
  zodDefault: numberLiteral,

  sortable: true,
  filterOperators: rangeOperators,
  queryCast: 'number',

  samples: (field, proseName) => {
    const invalid: InvalidValue[] = [
      { description: `${proseName} as a string`, value: "'1.5'", message: '/expected number, received string/' },
    ];
    if (field.range) invalid.push(...numberBounds(proseName, field.range));
    const range = field.range;
    const examples = range
      ? [...new Set([range.min, range.min + (range.max - range.min) / 4, (range.min + range.max) / 2, range.max])]
      : [1.5, 2.5, 3.5, 4.5];
    const step = range ? (range.max - range.min) / 1000 : 1;
    return {
      examples,
      unique: range ? (step > 0 ? `${range.min} + (n % 1000) * ${step}` : String(range.min)) : 'n + 0.5',
      distinctValues: range ? (step > 0 ? 1000 : 1) : Number.MAX_SAFE_INTEGER,
      invalid,
      missingMessage: '/expected number, received undefined/',
      invalidQuery: tsString(`?${field.name}=many`),
    };
  },
  responseDefault: numberLiteral,
};

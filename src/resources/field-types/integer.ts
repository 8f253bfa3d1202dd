import { withArticle } from '../render-names.js';
import { ascendingIntegers, int32, numberBounds, numberLiteral, rangeCheck, rangeProblem } from './numbers.js';
import { sameType } from './row-types.js';
import { refusedDefault, type FieldTypeDefinition, type InvalidValue, rangeOperators } from './types.js';
import { messagePattern, tsString } from './typescript-literals.js';

/** A 32-bit integer: a JSON number, an integer column. */
export const integerType: FieldTypeDefinition = {
  modifiers: ['unique', 'index', 'range'],
  wholeNumbers: true,
  defaultProblem: (value, field) => {
    if (!/^-?\d+$/.test(value)) return refusedDefault(value, 'a whole number');
    if (Math.abs(Number(value)) > int32.max) return refusedDefault(value, 'within the integer range');
    return rangeProblem(value, field);
  },

  rules: (field) => `z.int32()${field.range ? `.min(${field.range.min}).max(${field.range.max})` : ''}`,
  column: () => 'integer',
  check: rangeCheck,
  rowType: sameType('number'),
  sqlDefault: numberLiteral,
  zodDefault: numberLiteral,

  sortable: true,
  filterOperators: rangeOperators,
  filterIndex: true,
  queryCast: 'number',

  samples: (field, proseName) => {
    const invalid: InvalidValue[] = [
      {
        description: `${withArticle(proseName)} that is not an integer`,
        value: '2.5',
        message: '/expected int, received number/',
      },
      { description: `${proseName} as a string`, value: "'5'", message: '/expected number, received string/' },
      ...(field.range
        ? numberBounds(proseName, field.range, int32)
        : [
            {
              description: `${withArticle(proseName)} beyond 32 bits`,
              value: String(int32.max + 1),
              message: messagePattern(`Too big: expected number to be <=${int32.max}`),
            },
          ]),
    ];
    const span = field.range ? field.range.max - field.range.min + 1 : 0;
    return {
      examples: ascendingIntegers(field.range ?? { min: 1, max: int32.max }),
      unique: field.range ? `${field.range.min} + (n % ${span})` : 'n',
      distinctValues: field.range ? span : Number.MAX_SAFE_INTEGER,
      invalid,
      missingMessage: '/expected number, received undefined/',
      invalidQuery: tsString(`?${field.name}=many`),
    };
  },
  responseDefault: numberLiteral,
};

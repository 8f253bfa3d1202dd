import { withArticle } from '../render-names.js';
import { ascendingIntegers, rangeCheck, rangeMessage, rangeProblem, stringRangeRule } from './numbers.js';
import { sameType } from './row-types.js';
import { refusedDefault, type FieldTypeDefinition, type InvalidValue, rangeOperators } from './types.js';
import { messagePattern, tsString } from './typescript-literals.js';

/** A bigint as PostgreSQL writes it back, without leading zeros ('007' -> '7'). */
export const canonicalBigint = (value: string) => BigInt(value).toString();

/** A 64-bit integer: a bigint column, sent and returned as a string of digits. */
export const bigintType: FieldTypeDefinition = {
  modifiers: ['unique', 'index', 'range'],
  wholeNumbers: true,
  defaultProblem: (value, field) =>
    /^-?\d+$/.test(value) ? rangeProblem(value, field) : refusedDefault(value, 'a whole number'),

  rules: (field) =>
    `bigintString()${stringRangeRule(field, 'BigInt(value)', (bound) => `${BigInt(bound)}n`, 'an integer')}`,
  comment: () => "bigint travels as a string ('9007199254740993'): a JSON number cannot hold every such value.",
  jsonValuesHelper: 'bigintString',
  column: () => 'bigint',
  check: rangeCheck,
  rowType: sameType('string'),
  rowComment: 'bigint comes back from pg as a string',
  sqlDefault: (value) => tsString(canonicalBigint(value)),
  zodDefault: (value) => tsString(canonicalBigint(value)),

  sortable: true,
  filterOperators: rangeOperators,
  filterIndex: true,

  samples: (field, proseName) => {
    const invalid: InvalidValue[] = [
      { description: `${proseName} as a number`, value: '1500', message: '/expected string, received number/' },
      {
        description: `${withArticle(proseName)} that is not an integer`,
        value: "'1.5'",
        message: '/integer as a string/',
      },
      {
        description: `${withArticle(proseName)} beyond 64 bits`,
        value: "'9223372036854775808'",
        message: '/64-bit integer/',
      },
    ];
    if (field.range) {
      const message = messagePattern(rangeMessage('an integer', field.range));
      const below = BigInt(field.range.min) - 1n;
      const above = BigInt(field.range.max) + 1n;
      invalid.push({
        description: `${withArticle(proseName)} below ${field.range.min}`,
        value: tsString(String(below)),
        message,
      });
      invalid.push({
        description: `${withArticle(proseName)} above ${field.range.max}`,
        value: tsString(String(above)),
        message,
      });
    }
    const range = field.range ?? { min: 1, max: 1_000_000 };
    const span = range.max - range.min + 1;
    return {
      examples: ascendingIntegers(range).map(String),
      unique: field.range ? `String(${range.min} + (n % ${span}))` : 'String(n)',
      distinctValues: field.range ? span : Number.MAX_SAFE_INTEGER,
      invalid,
      missingMessage: '/expected string, received undefined/',
      invalidQuery: tsString(`?${field.name}=many`),
    };
  },
  responseDefault: (value) => tsString(canonicalBigint(value)),
};

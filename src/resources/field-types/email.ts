import { withArticle } from '../render-names.js';
import {
  fitLength,
  lengthCheck,
  lengthProblem,
  lengthRules,
  sampleLetters,
  uniqueNumber,
  varcharLength,
} from './lengths.js';
import { sameType } from './row-types.js';
import { refusedDefault, type FieldTypeDefinition, type InvalidValue, textOperators } from './types.js';
import { messagePattern, tsString } from './typescript-literals.js';

/** An email address, as zod reads one: a varchar of up to 255 characters unless max() says otherwise. */
export const emailType: FieldTypeDefinition = {
  modifiers: ['unique', 'index', 'min', 'max'],
  defaultProblem: (value, field) =>
    lengthProblem(value, field) ??
    (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value) ? undefined : refusedDefault(value, 'an email address')),

  rules: (field) => `z.email()${lengthRules({ min: field.minLength, max: varcharLength(field) })}`,
  column: (field) => `varchar(${varcharLength(field)})`,
  check: (field) => lengthCheck(field, true),
  rowType: sameType('string'),
  sqlDefault: tsString,
  zodDefault: tsString,

  sortable: true,
  filterOperators: textOperators,

  samples: (field, proseName) => {
    const min = field.minLength ?? 0;
    const max = varcharLength(field);
    const domain = max >= 16 + min ? '@example.com' : '@x.io';
    const local = (start: string) => start.padEnd(Math.max(1, min - domain.length), start);
    const digits = Math.min(4, max - domain.length - 1);
    const invalid: InvalidValue[] = [
      {
        description: `an invalid ${proseName}`,
        value: tsString(fitLength('not-an-email', min, max)),
        message: '/Invalid email address/',
      },
      {
        description: `${withArticle(proseName)} over ${max} characters`,
        value: `'a'.repeat(${max}) + '@example.com'`,
        message: messagePattern(`Too big: expected string to have <=${max} characters`),
      },
    ];
    if (min > 6) {
      invalid.push({
        description: `${withArticle(proseName)} under ${min} characters`,
        value: "'a@b.co'",
        message: messagePattern(`Too small: expected string to have >=${min} characters`),
      });
    }
    return {
      examples: sampleLetters.map((letter) => `${local(letter.toLowerCase())}${domain}`),
      unique: `\`${local('u')}${uniqueNumber(digits)}${domain}\``,
      distinctValues: 10 ** digits,
      invalid,
      missingMessage: '/expected string, received undefined/',
      invalidQuery: tsString(`?${field.name}=not-an-email`),
    };
  },
  responseDefault: tsString,
};

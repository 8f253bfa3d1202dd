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

/** An http or https address: a varchar of up to 255 characters unless max() says otherwise. */
export const urlType: FieldTypeDefinition = {
  modifiers: ['unique', 'index', 'min', 'max'],
  defaultProblem: (value, field) =>
    lengthProblem(value, field) ?? (URL.canParse(value) ? undefined : refusedDefault(value, 'a URL')),

  rules: (field) =>
    `z.url({ protocol: /^https?$/ })${lengthRules({ min: field.minLength, max: varcharLength(field) })}`,
  comment: () => 'Only http and https addresses: other schemes (javascript:, file:) are refused.',
  column: (field) => `varchar(${varcharLength(field)})`,
  check: (field) => lengthCheck(field, true),
  rowType: sameType('string'),
  sqlDefault: tsString,
  zodDefault: tsString,

  sortable: false,
  filterOperators: textOperators,

  samples: (field, proseName) => {
    const min = field.minLength ?? 0;
    const max = varcharLength(field);
    const base = max >= 24 ? 'https://example.com/' : 'https://x.io/';
    const path = (start: string) => start.padEnd(Math.max(1, min - base.length), start);
    const digits = Math.min(4, max - base.length - 1);
    const invalid: InvalidValue[] = [
      {
        description: `an invalid ${proseName}`,
        value: tsString(fitLength('not a url', min, max)),
        message: '/Invalid URL/',
      },
      {
        description: `${withArticle(proseName)} over ${max} characters`,
        value: `'https://example.com/' + 'a'.repeat(${max})`,
        message: messagePattern(`Too big: expected string to have <=${max} characters`),
      },
    ];
    if (min <= 17 && max >= 17) {
      invalid.push({
        description: `${withArticle(proseName)} that is not http or https`,
        value: "'ftp://example.com'",
        message: '/Invalid URL/',
      });
    }
    return {
      examples: sampleLetters.map((letter) => `${base}${path(letter.toLowerCase())}`),
      unique: `\`${base}${path('u')}${uniqueNumber(digits)}\``,
      distinctValues: 10 ** digits,
      invalid,
      missingMessage: '/expected string, received undefined/',
      invalidQuery: tsString(`?${field.name}=not%20a%20url`),
    };
  },
  responseDefault: tsString,
};

import type { FieldSpec, FieldType } from './field-spec.js';
import { canonicalBigint, canonicalDecimal, defaultMaxLength, rangeMessage, tsString } from './render-fields.js';
import { words } from './names.js';
import { capitalize, withArticle } from './render-names.js';

/**
 * Values for the generated tests, per field type: valid ones (ascending, for sorting), one per row that no other
 * row has (for unique fields), what the API writes back, and invalid ones with the message each is refused with.
 * Values are TypeScript expressions; `n` in a unique value is the number of the row being made.
 */

export interface InvalidValue {
  /** Completes "returns 400 naming the field for ...": `a title under 3 characters` */
  description: string;
  /** TypeScript expression of the value sent */
  value: string;
  /** The validation message it gets, as a regular expression literal */
  message: string;
}

export interface FieldSamples {
  /** Distinct valid values (JSON values), ascending where the type is ordered. */
  examples: unknown[];
  /** A value no other row has, made from the row number `n`; set for unique fields. */
  unique?: string;
  /** How many rows can have distinct values (unique fields), before the values repeat. */
  distinctValues: number;
  /** A value sent in a form the API normalizes, and how it comes back (`'1500.5'` -> `'1500.50'`) */
  normalized?: { input: unknown; stored: unknown; note: string };
  /** The field's default, as the API writes it back */
  defaultResponse?: string;
  /** Values the body refuses, each with its message; a missing required field is added by the caller. */
  invalid: InvalidValue[];
  /** The message when a required field is missing */
  missingMessage: string;
  /** A query string value the filter refuses, as TypeScript (a string literal or template) */
  invalidQuery: string;
}

const int32 = { min: -2147483648, max: 2147483647 };
const letters = ['A', 'B', 'C', 'D'];

/** The field's name in prose: dueDate -> 'due date'. */
export const prose = (name: string) => words(name).join(' ');

/** A regular expression literal matching `text` exactly (as a part of the message). */
export function messagePattern(text: string): string {
  return `/${text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/`;
}

export function fieldSamples(field: FieldSpec): FieldSamples {
  const samples = sampleRules[field.type](field, prose(field.name));
  return {
    ...samples,
    ...(field.defaultValue === undefined ? {} : { defaultResponse: defaultResponse(field, field.defaultValue) }),
  };
}

/** The default as it comes back in a response. */
function defaultResponse(field: FieldSpec, value: string): string {
  switch (field.type) {
    case 'integer':
    case 'float':
      return String(Number(value));
    case 'boolean':
      return value;
    case 'bigint':
      return tsString(canonicalBigint(value));
    case 'decimal':
      return tsString(canonicalDecimal(value, field.scale ?? 0));
    case 'datetime':
      return value === 'now' ? 'expect.stringMatching(isoDateTime)' : tsString(new Date(value).toISOString());
    case 'uuid':
      return tsString(value.toLowerCase());
    case 'json':
      return tsLiteral(JSON.parse(value));
    default:
      return tsString(value);
  }
}

type SampleRule = (field: FieldSpec, words: string) => Omit<FieldSamples, 'defaultResponse'>;

const sampleRules: Record<FieldType, SampleRule> = {
  string: (field, text) => textSamples(field, text, field.maxLength ?? defaultMaxLength),
  text: (field, text) => textSamples(field, text, field.maxLength),
  email: (field, text) => {
    const min = field.minLength ?? 0;
    const max = field.maxLength ?? defaultMaxLength;
    const domain = max >= 16 + min ? '@example.com' : '@x.io';
    const local = (start: string) => start.padEnd(Math.max(1, min - domain.length), start);
    const digits = Math.min(4, max - domain.length - 1);
    const invalid: InvalidValue[] = [
      {
        description: `an invalid ${text}`,
        value: tsString(fitLength('not-an-email', min, max)),
        message: '/Invalid email address/',
      },
      {
        description: `${withArticle(text)} over ${max} characters`,
        value: `'a'.repeat(${max}) + '@example.com'`,
        message: messagePattern(`Too big: expected string to have <=${max} characters`),
      },
    ];
    if (min > 6) {
      invalid.push({
        description: `${withArticle(text)} under ${min} characters`,
        value: "'a@b.co'",
        message: messagePattern(`Too small: expected string to have >=${min} characters`),
      });
    }
    return {
      examples: letters.map((letter) => `${local(letter.toLowerCase())}${domain}`),
      unique: `\`${local('u')}${uniqueNumber(digits)}${domain}\``,
      distinctValues: 10 ** digits,
      invalid,
      missingMessage: '/expected string, received undefined/',
      invalidQuery: tsString(`?${field.name}=not-an-email`),
    };
  },
  url: (field, text) => {
    const min = field.minLength ?? 0;
    const max = field.maxLength ?? defaultMaxLength;
    const base = max >= 24 ? 'https://example.com/' : 'https://x.io/';
    const path = (start: string) => start.padEnd(Math.max(1, min - base.length), start);
    const digits = Math.min(4, max - base.length - 1);
    const invalid: InvalidValue[] = [
      {
        description: `an invalid ${text}`,
        value: tsString(fitLength('not a url', min, max)),
        message: '/Invalid URL/',
      },
      {
        description: `${withArticle(text)} over ${max} characters`,
        value: `'https://example.com/' + 'a'.repeat(${max})`,
        message: messagePattern(`Too big: expected string to have <=${max} characters`),
      },
    ];
    if (min <= 17 && max >= 17) {
      invalid.push({
        description: `${withArticle(text)} that is not http or https`,
        value: "'ftp://example.com'",
        message: '/Invalid URL/',
      });
    }
    return {
      examples: letters.map((letter) => `${base}${path(letter.toLowerCase())}`),
      unique: `\`${base}${path('u')}${uniqueNumber(digits)}\``,
      distinctValues: 10 ** digits,
      invalid,
      missingMessage: '/expected string, received undefined/',
      invalidQuery: tsString(`?${field.name}=not%20a%20url`),
    };
  },
  integer: (field, text) => {
    const invalid: InvalidValue[] = [
      {
        description: `${withArticle(text)} that is not an integer`,
        value: '2.5',
        message: '/expected int, received number/',
      },
      { description: `${text} as a string`, value: "'5'", message: '/expected number, received string/' },
      ...(field.range ? numberBounds(text, field.range, int32) : [int32Overflow(text)]),
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
  bigint: (field, text) => {
    const invalid: InvalidValue[] = [
      { description: `${text} as a number`, value: '1500', message: '/expected string, received number/' },
      { description: `${withArticle(text)} that is not an integer`, value: "'1.5'", message: '/integer as a string/' },
      {
        description: `${withArticle(text)} beyond 64 bits`,
        value: "'9223372036854775808'",
        message: '/64-bit integer/',
      },
    ];
    if (field.range) {
      const message = messagePattern(rangeMessage('an integer', field.range));
      const below = BigInt(field.range.min) - 1n;
      const above = BigInt(field.range.max) + 1n;
      invalid.push({
        description: `${withArticle(text)} below ${field.range.min}`,
        value: tsString(String(below)),
        message,
      });
      invalid.push({
        description: `${withArticle(text)} above ${field.range.max}`,
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
  decimal: (field, text) => {
    const precision = field.precision ?? 12;
    const scale = field.scale ?? 2;
    const integerDigits = precision - scale;
    const fits = (value: string) => decimalFits(value, precision, scale, field.range);
    const examples = decimalExamples(field, precision, scale).filter(fits);
    const invalid: InvalidValue[] = [
      { description: `${text} as a number`, value: '1500', message: '/expected string, received number/' },
      {
        description: `${withArticle(text)} with ${scale + 1} decimal places`,
        value: tsString(`0.${'0'.repeat(scale)}5`),
        message: '/decimal number/',
      },
      { description: `${withArticle(text)} that is not a number`, value: "'12,50'", message: '/decimal number/' },
    ];
    if (integerDigits + 1 <= 30) {
      invalid.push({
        description: `${withArticle(text)} with ${integerDigits + 1} integer digits`,
        value: tsString('1'.repeat(integerDigits + 1)),
        message: '/decimal number/',
      });
    }
    if (field.range) {
      const message = messagePattern(rangeMessage('a number', field.range));
      for (const [word, bound] of [
        ['below', field.range.min - 1],
        ['above', field.range.max + 1],
      ] as const) {
        const value = canonicalDecimal(String(bound), scale);
        if (decimalFits(value, precision, scale)) {
          invalid.push({
            description: `${withArticle(text)} ${word} ${word === 'below' ? field.range.min : field.range.max}`,
            value: tsString(value),
            message,
          });
        }
      }
    }
    const unique = uniqueDecimal(precision, scale, field.range);
    const first = examples[0] ?? '0';
    const normalized =
      scale > 0 && /\.0+$/.test(examples.at(-1) ?? '')
        ? {
            input: (examples.at(-1) ?? '').replace(/\.0+$/, ''),
            stored: examples.at(-1) ?? '',
            note: `a decimal comes back with its ${scale} decimal place${scale === 1 ? '' : 's'}`,
          }
        : undefined;
    return {
      examples: examples.length > 0 ? examples : [first],
      unique: unique.expression,
      distinctValues: unique.count,
      ...(normalized ? { normalized } : {}),
      invalid,
      missingMessage: '/expected string, received undefined/',
      invalidQuery: tsString(`?${field.name}=many`),
    };
  },
  float: (field, text) => {
    const invalid: InvalidValue[] = [
      { description: `${text} as a string`, value: "'1.5'", message: '/expected number, received string/' },
    ];
    if (field.range) invalid.push(...numberBounds(text, field.range));
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
  boolean: (field, text) => ({
    examples: [false, true],
    unique: 'n % 2 === 0',
    distinctValues: 2,
    invalid: [{ description: `${text} as a string`, value: "'yes'", message: '/expected boolean, received string/' }],
    missingMessage: '/expected boolean, received undefined/',
    invalidQuery: tsString(`?${field.name}=maybe`),
  }),
  date: (field, text) => ({
    examples: ['2026-04-01', '2026-05-01', '2026-06-01', '2026-07-01'],
    // Day n of 2026 (Date.UTC counts on past the end of a month).
    unique: 'new Date(Date.UTC(2026, 0, n)).toISOString().slice(0, 10)',
    distinctValues: Number.MAX_SAFE_INTEGER,
    invalid: [
      { description: `${withArticle(text)} with no such day`, value: "'2026-02-30'", message: '/Invalid ISO date/' },
      { description: `${withArticle(text)} in another format`, value: "'01/03/2026'", message: '/Invalid ISO date/' },
      {
        description: `${withArticle(text)} with a time`,
        value: "'2026-03-01T10:00:00Z'",
        message: '/Invalid ISO date/',
      },
    ],
    missingMessage: '/expected string, received undefined/',
    invalidQuery: tsString(`?${field.name}=March`),
  }),
  datetime: (field, text) => ({
    examples: [
      '2026-03-01T09:30:00.000Z',
      '2026-03-02T09:30:00.000Z',
      '2026-03-03T09:30:00.000Z',
      '2026-03-04T09:30:00.000Z',
    ],
    // Minute n of 2026.
    unique: 'new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString()',
    distinctValues: Number.MAX_SAFE_INTEGER,
    normalized: {
      input: '2026-03-04T10:30:00+01:00',
      stored: '2026-03-04T09:30:00.000Z',
      note: 'a datetime comes back in UTC',
    },
    invalid: [
      { description: `${withArticle(text)} without a time`, value: "'2026-03-01'", message: '/Invalid ISO datetime/' },
      {
        description: `${withArticle(text)} without a time zone`,
        value: "'2026-03-01T10:00:00'",
        message: '/Invalid ISO datetime/',
      },
    ],
    missingMessage: '/expected string, received undefined/',
    invalidQuery: tsString(`?${field.name}=yesterday`),
  }),
  uuid: (field, text) => ({
    examples: [1, 2, 3, 4].map((index) => `00000000-0000-4000-8000-00000000000${index}`),
    unique: 'randomUUID()',
    distinctValues: Number.MAX_SAFE_INTEGER,
    invalid: [{ description: `${withArticle(text)} that is not a uuid`, value: "'42'", message: '/Invalid UUID/' }],
    missingMessage: '/expected string, received undefined/',
    invalidQuery: tsString(`?${field.name}=42`),
  }),
  json: (field, text) => ({
    // An array is the value the pg driver would get wrong if it were not sent as JSON text.
    examples: [{ a: 1 }, ['b', 2], { c: [true, null] }],
    // json cannot be unique (the field language refuses it), so it needs no value per row.
    distinctValues: Number.MAX_SAFE_INTEGER,
    invalid: field.optional
      ? []
      : [
          {
            description: `${withArticle(text)} of null`,
            value: 'null',
            message: '/Expected a JSON value other than null/',
          },
        ],
    missingMessage: '/Invalid input/',
    invalidQuery: "''",
  }),
  enum: (field, text) => {
    const values = field.values ?? [];
    return {
      examples: values,
      unique: `[${values.map(tsString).join(', ')}][n % ${values.length}]`,
      distinctValues: values.length,
      invalid: [
        {
          description: `${withArticle(text)} not in the list`,
          value: "'0'",
          message: messagePattern(
            values.length === 1
              ? `Invalid input: expected "${values[0]}"`
              : `Invalid option: expected one of ${values.map((value) => `"${value}"`).join('|')}`,
          ),
        },
      ],
      missingMessage: values.length === 1 ? '/Invalid input/' : '/Invalid option/',
      invalidQuery: tsString(`?${field.name}=0`),
    };
  },
  // The values of a reference are rows made by the test (see render-test-plan.ts); only its refusals are here.
  references: (field, text) => ({
    examples: [],
    distinctValues: Number.MAX_SAFE_INTEGER,
    invalid: [
      {
        description: `${withArticle(text.replace(/ id$/, ''))} id that is not a uuid`,
        value: "'42'",
        message: '/Invalid UUID/',
      },
    ],
    missingMessage: '/expected string, received undefined/',
    invalidQuery: tsString(`?${field.name}=42`),
  }),
};

function textSamples(field: FieldSpec, text: string, max: number | undefined): Omit<FieldSamples, 'defaultResponse'> {
  const min = field.minLength ?? 1;
  const limit = max ?? Number.MAX_SAFE_INTEGER;
  const invalid: InvalidValue[] = [];
  if (min > 0) {
    invalid.push({
      description: min === 1 ? `an empty ${text}` : `${withArticle(text)} under ${min} characters`,
      value: tsString('x'.repeat(min - 1)),
      message: messagePattern(`Too small: expected string to have >=${min} characters`),
    });
  }
  if (max !== undefined) {
    invalid.push({
      description: `${withArticle(text)} over ${max} characters`,
      value: `'x'.repeat(${max + 1})`,
      message: messagePattern(`Too big: expected string to have <=${max} characters`),
    });
  }
  invalid.push({ description: `${text} as a number`, value: '42', message: '/expected string, received number/' });

  // 'A title', 'B title'...: they sort the same way under every collation.
  const examples = letters.map((letter) => fitLength(`${letter} ${text}`, min, limit, letter.toLowerCase()));
  const unique = uniqueText(text, min, limit);
  return {
    examples: [...new Set(examples)],
    unique: unique.expression,
    distinctValues: unique.count,
    invalid,
    missingMessage: '/expected string, received undefined/',
    invalidQuery:
      max !== undefined
        ? `\`?${field.name}=\${'x'.repeat(${max + 1})}\``
        : min > 0
          ? tsString(`?${field.name}=`)
          : "''",
  };
}

/**
 * Row n's text, 'Title 7': the field's name, cut to leave room for 4 digits; with less room than that, the
 * number alone, which then repeats every 10, 100 or 1000 rows.
 */
function uniqueText(text: string, min: number, limit: number): { expression: string; count: number } {
  const prefix = limit >= 6 ? `${capitalize(text)} `.slice(0, limit - 4) : '';
  const digits = Math.min(limit - prefix.length, 9);
  const number = digits >= 9 ? 'n' : `n % ${10 ** digits}`;
  const pad = min > prefix.length + 1 ? `.padEnd(${min}, '.')` : '';
  const expression = prefix ? `\`${prefix}\${${number}}\`${pad}` : `String(${number})${pad}`;
  return { expression, count: limit === 0 ? 1 : 10 ** Math.min(digits, 15) };
}

/** `${n}`, or `${n % 100}` when there is room for fewer than 4 digits. */
function uniqueNumber(digits: number): string {
  return digits >= 4 ? '${n}' : `\${n % ${10 ** Math.max(0, digits)}}`;
}

/** Cuts or pads `text` to a length within [min, max]. */
function fitLength(text: string, min: number, max: number, padding = 'x'): string {
  return text.slice(0, Math.max(0, max)).padEnd(Math.min(min, max), padding);
}

function ascendingIntegers(range: { min: number; max: number }): number[] {
  const values: number[] = [];
  for (let value = range.min; value <= range.max && values.length < 4; value += 1) values.push(value);
  return values;
}

/** Values just below and above a range, with zod's messages; bounds at the edge of `limits` have no outside. */
function numberBounds(
  text: string,
  range: { min: number; max: number },
  limits = { min: -Infinity, max: Infinity },
): InvalidValue[] {
  const bounds: InvalidValue[] = [];
  if (range.min - 1 >= limits.min) {
    bounds.push({
      description: `${withArticle(text)} below ${range.min}`,
      value: String(range.min - 1),
      message: messagePattern(`Too small: expected number to be >=${range.min}`),
    });
  }
  if (range.max + 1 <= limits.max) {
    bounds.push({
      description: `${withArticle(text)} above ${range.max}`,
      value: String(range.max + 1),
      message: messagePattern(`Too big: expected number to be <=${range.max}`),
    });
  }
  return bounds;
}

const int32Overflow = (text: string): InvalidValue => ({
  description: `${withArticle(text)} beyond 32 bits`,
  value: String(int32.max + 1),
  message: messagePattern(`Too big: expected number to be <=${int32.max}`),
});

function decimalExamples(field: FieldSpec, precision: number, scale: number): string[] {
  const candidates = field.range
    ? [0, 0.25, 0.5, 0.75, 1].map((share) => field.range!.min + (field.range!.max - field.range!.min) * share)
    : [1, 2, 3, 4, 0.1, 0.2, 0.3, 0.4];
  const formatted = candidates.map((value) => canonicalDecimal(String(value), scale));
  const valid = formatted.filter((value) => decimalFits(value, precision, scale, field.range));
  return [...new Set(valid)].slice(0, 4).sort((a, b) => Number(a) - Number(b));
}

function decimalFits(value: string, precision: number, scale: number, range?: { min: number; max: number }): boolean {
  const [integerPart = ''] = value.replace('-', '').split('.');
  const integerDigits = integerPart.replace(/^0+/, '').length;
  if (integerDigits > precision - scale) return false;
  return !range || (Number(value) >= range.min && Number(value) <= range.max);
}

/** Row n's value: steps of 1 when the column holds at least 4 integer digits, else of its smallest unit. */
function uniqueDecimal(precision: number, scale: number, range?: { min: number; max: number }) {
  const unit = precision - scale >= 4 ? 1 : 10 ** -scale;
  const low = range ? Math.ceil(range.min / unit) * unit : 0;
  const high = range ? range.max : 10 ** (precision - scale) - unit;
  const count = Math.max(1, Math.min(10_000, Math.floor((high - low) / unit) + 1));
  const start = low === 0 ? '' : `${low} + `;
  const step = unit === 1 ? `(n % ${count})` : `(n % ${count}) * ${unit}`;
  return { expression: `(${start}${step}).toFixed(${scale})`, count };
}

/** A JSON value as a TypeScript literal, with single quotes. */
export function tsLiteral(value: unknown): string {
  if (typeof value === 'string') return tsString(value);
  if (Array.isArray(value)) return `[${value.map(tsLiteral).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value).map(
      ([key, member]) => `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : tsString(key)}: ${tsLiteral(member)}`,
    );
    return members.length === 0 ? '{}' : `{ ${members.join(', ')} }`;
  }
  return String(value);
}

import type { FieldSpec } from '../field-spec.js';
import { withArticle } from '../render-names.js';
import { isNumber, rangeCheck, rangeMessage, rangeProblem, stringRangeRule } from './numbers.js';
import { sameType } from './row-types.js';
import { refusedDefault, type FieldTypeDefinition, type InvalidValue, rangeOperators } from './types.js';
import { messagePattern, tsString } from './typescript-literals.js';

/** `decimal` alone is decimal(12,2). */
const defaultDigits = { precision: 12, scale: 2 };

/** decimal(p,s): p digits in all, s of them after the point. */
const digits = (field: FieldSpec) => ({
  precision: field.precision ?? defaultDigits.precision,
  scale: field.scale ?? defaultDigits.scale,
});

/** A decimal as PostgreSQL writes it back: every decimal place of its scale ('1500' -> '1500.00'). */
export function canonicalDecimal(value: string, scale: number): string {
  const negative = value.startsWith('-');
  const [integerPart = '0', fractionPart = ''] = (negative ? value.slice(1) : value).split('.');
  const integer = integerPart.replace(/^0+(?=\d)/, '');
  const fraction = fractionPart.padEnd(scale, '0').slice(0, scale);
  const text = scale > 0 ? `${integer}.${fraction}` : integer;
  return negative && /[1-9]/.test(text) ? `-${text}` : text;
}

/** An exact number of fixed precision (money): a numeric column, sent and returned as a string. */
export const decimalType: FieldTypeDefinition = {
  readArguments: (args, fail) => {
    const [precision = String(defaultDigits.precision), scale = String(defaultDigits.scale), ...extra] = args ?? [];
    if (extra.length > 0 || !/^\d+$/.test(precision) || !/^\d+$/.test(scale)) {
      fail('decimal takes a precision and a scale, e.g. decimal(12,2)');
    }
    const read = { precision: Number(precision), scale: Number(scale) };
    if (read.precision < 1 || read.precision > 1000) fail('decimal precision must be between 1 and 1000');
    if (read.scale > read.precision) fail('decimal scale cannot exceed its precision');
    return read;
  },
  modifiers: ['unique', 'index', 'range'],
  defaultProblem: (value, field) => {
    if (!isNumber(value)) return refusedDefault(value, 'a number');
    const { precision, scale } = digits(field);
    const [whole = '', fraction = ''] = value.replace('-', '').split('.');
    if (whole.replace(/^0+(?=\d)/, '').length > Math.max(precision - scale, 1) || fraction.length > scale) {
      return refusedDefault(value, `a decimal(${precision},${scale})`);
    }
    return rangeProblem(value, field);
  },

  rules: (field) => {
    const { precision, scale } = digits(field);
    return `decimalString(${precision}, ${scale})${stringRangeRule(field, 'Number(value)', String, 'a number')}`;
  },
  comment: (field) => {
    const { precision, scale } = digits(field);
    return (
      `decimal(${precision},${scale}) travels as a string ('${canonicalDecimal('1500', scale)}'): ` +
      'a JSON number cannot hold every such value exactly.'
    );
  },
  jsonValuesHelper: 'decimalString',
  column: (field) => {
    const { precision, scale } = digits(field);
    return `numeric(${precision}, ${scale})`;
  },
  check: rangeCheck,
  rowType: sameType('string'),
  rowComment: 'numeric comes back from pg as a string',
  sqlDefault: (value, field) => tsString(canonicalDecimal(value, digits(field).scale)),
  zodDefault: (value, field) => tsString(canonicalDecimal(value, digits(field).scale)),

  sortable: true,
  filterOperators: rangeOperators,

  samples: (field, proseName) => {
    const { precision, scale } = digits(field);
    const integerDigits = precision - scale;
    const fits = (value: string) => decimalFits(value, precision, scale, field.range);
    const examples = decimalExamples(field, precision, scale).filter(fits);
    const invalid: InvalidValue[] = [
      { description: `${proseName} as a number`, value: '1500', message: '/expected string, received number/' },
      {
        description: `${withArticle(proseName)} with ${scale + 1} decimal places`,
        value: tsString(`0.${'0'.repeat(scale)}5`),
        message: '/decimal number/',
      },
      { description: `${withArticle(proseName)} that is not a number`, value: "'12,50'", message: '/decimal number/' },
    ];
    if (integerDigits + 1 <= 30) {
      invalid.push({
        description: `${withArticle(proseName)} with ${integerDigits + 1} integer digits`,
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
            description: `${withArticle(proseName)} ${word} ${word === 'below' ? field.range.min : field.range.max}`,
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
  responseDefault: (value, field) => tsString(canonicalDecimal(value, digits(field).scale)),
};

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

import { UserError } from '../errors.js';
import { camelCase, snakeCase } from './names.js';

/**
 * The field language of `backend add resource`, Rails-like: `name:type[:modifier...][=default]`.
 *
 *   title:string:min(3):max(200)       status:enum(active,archived)=active
 *   description:text?                  budget:decimal(12,2)?
 *   project:references(projects):cascade
 *
 * `?` after the type (or any modifier) makes the field optional (nullable). Everything after the first `=`
 * outside parentheses is the default value.
 */

export const fieldTypes = [
  'string',
  'text',
  'integer',
  'bigint',
  'decimal',
  'float',
  'boolean',
  'date',
  'datetime',
  'uuid',
  'email',
  'url',
  'json',
  'enum',
  'references',
] as const;
export type FieldType = (typeof fieldTypes)[number];

export const onDeleteActions = ['cascade', 'restrict', 'set-null'] as const;
export type OnDelete = (typeof onDeleteActions)[number];

const modifiers = ['unique', 'index', 'min', 'max', 'range', ...onDeleteActions] as const;
/** Modifiers the language keeps for features that will use them; naming one today says so. */
const laterModifiers = ['searchable'] as const;

export const reservedFieldNames = ['id', 'createdAt', 'updatedAt'] as const;

const stringTypes: readonly FieldType[] = ['string', 'text', 'email', 'url'];
const numericTypes: readonly FieldType[] = ['integer', 'bigint', 'decimal', 'float'];

export interface FieldSpec {
  /** As written on the command line. */
  source: string;
  /** camelCase JSON property; for a reference, the id property (`projectId`). */
  name: string;
  /** snake_case column; for a reference, `project_id`. */
  column: string;
  type: FieldType;
  optional: boolean;
  unique: boolean;
  index: boolean;
  /** Length bounds for string types. */
  minLength?: number;
  maxLength?: number;
  /** Value bounds for numeric types. */
  range?: { min: number; max: number };
  /** decimal(p,s) */
  precision?: number;
  scale?: number;
  /** enum(a,b,c) */
  values?: string[];
  /** references(resource): the referenced resource (plural, as recorded in backend.json) and ON DELETE. */
  references?: { resource: string; onDelete: OnDelete };
  /** The default, as written (validated against the type). */
  defaultValue?: string;
}

export class FieldSpecError extends UserError {
  constructor(source: string, problem: string) {
    super(`Invalid field "${source}": ${problem}.`);
    this.name = 'FieldSpecError';
  }
}

interface Call {
  name: string;
  args: string[] | undefined;
  optional: boolean;
}

export function parseFieldSpec(source: string): FieldSpec {
  const fail = (problem: string): never => {
    throw new FieldSpecError(source, problem);
  };
  if (source.trim() !== source || source === '') fail('it is empty or has spaces around it');

  const equals = indexOutsideParentheses(source, '=');
  const definition = equals === -1 ? source : source.slice(0, equals);
  const defaultValue = equals === -1 ? undefined : source.slice(equals + 1);
  const segments = splitOutsideParentheses(definition, ':', fail);
  if (segments.length < 2) fail('expected name:type, e.g. title:string');

  const [rawName = '', typeSegment = '', ...modifierSegments] = segments;
  let optional = rawName.endsWith('?');
  const writtenName = optional ? rawName.slice(0, -1) : rawName;
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(writtenName)) {
    fail(`"${writtenName}" is not a valid name (letters, digits and _, starting with a letter)`);
  }

  const type = parseCall(typeSegment, fail);
  optional ||= type.optional;
  if (!(fieldTypes as readonly string[]).includes(type.name)) {
    fail(`unknown type "${type.name}"; known types: ${fieldTypes.join(', ')}`);
  }
  const field: FieldSpec = {
    source,
    name: '',
    column: '',
    type: type.name as FieldType,
    optional: false,
    unique: false,
    index: false,
  };
  applyTypeArguments(field, type.args, fail);

  const seen = new Set<string>();
  for (const segment of modifierSegments) {
    const modifier = parseCall(segment, fail);
    optional ||= modifier.optional;
    if (seen.has(modifier.name)) fail(`the modifier "${modifier.name}" is given twice`);
    seen.add(modifier.name);
    applyModifier(field, modifier, fail);
  }
  field.optional = optional;

  const base = field.type === 'references' ? writtenName.replace(/(_id|Id)$/, '') : writtenName;
  field.name = camelCase(field.type === 'references' ? `${base}_id` : base);
  field.column = snakeCase(field.name);
  if ((reservedFieldNames as readonly string[]).includes(field.name) || field.name === '') {
    fail(`"${writtenName}" is reserved: every resource has ${reservedFieldNames.join(', ')}`);
  }
  if (field.references?.onDelete === 'set-null' && !field.optional) {
    fail('set-null needs an optional field (add ?), since the column becomes NULL');
  }
  if (defaultValue !== undefined) {
    checkDefault(field, defaultValue, fail);
    field.defaultValue = defaultValue;
  }
  return field;
}

/** Parses every spec and refuses two that map to the same property or column. */
export function parseFieldSpecs(sources: readonly string[]): FieldSpec[] {
  const fields = sources.map(parseFieldSpec);
  const byColumn = new Map<string, FieldSpec>();
  for (const field of fields) {
    const earlier = byColumn.get(field.column);
    if (earlier) {
      throw new FieldSpecError(field.source, `it names the same field as "${earlier.source}" (${field.name})`);
    }
    byColumn.set(field.column, field);
  }
  return fields;
}

function applyTypeArguments(field: FieldSpec, args: string[] | undefined, fail: (problem: string) => never): void {
  switch (field.type) {
    case 'decimal': {
      const [precision = '12', scale = '2', ...extra] = args ?? [];
      if (extra.length > 0 || !isInteger(precision) || !isInteger(scale)) {
        fail('decimal takes a precision and a scale, e.g. decimal(12,2)');
      }
      field.precision = Number(precision);
      field.scale = Number(scale);
      if (field.precision < 1 || field.precision > 1000) fail('decimal precision must be between 1 and 1000');
      if (field.scale > field.precision) fail('decimal scale cannot exceed its precision');
      return;
    }
    case 'enum': {
      const values = args ?? [];
      if (values.length === 0) fail('enum needs its values, e.g. enum(active,archived)');
      for (const value of values) {
        if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(value)) fail(`"${value}" is not a valid enum value`);
      }
      if (new Set(values).size !== values.length) fail('enum values must be distinct');
      field.values = values;
      return;
    }
    case 'references': {
      const [resource, ...extra] = args ?? [];
      if (!resource || extra.length > 0 || !/^[A-Za-z][A-Za-z0-9_-]*$/.test(resource)) {
        fail('references needs the resource it points to, e.g. references(projects)');
      }
      field.references = { resource: snakeCase(resource), onDelete: 'restrict' };
      return;
    }
    default:
      if (args !== undefined) fail(`the type ${field.type} takes no arguments`);
  }
}

function applyModifier(field: FieldSpec, modifier: Call, fail: (problem: string) => never): void {
  const { name, args } = modifier;
  // Kept as a modifier name once, for ownership, which came as a flag: rows, not fields, belong to users.
  if (name === 'owned') fail('ownership belongs to the whole resource: add it with --owned');
  if ((laterModifiers as readonly string[]).includes(name)) {
    fail(`the modifier "${name}" is reserved for a feature this version does not have yet`);
  }
  if (!(modifiers as readonly string[]).includes(name)) {
    fail(`unknown modifier "${name}"; known modifiers: ${modifiers.join(', ')}, and ? for optional`);
  }
  const numbers = (count: number, usage: string): number[] => {
    if (!args || args.length !== count || !args.every(isNumber)) fail(`${name} takes ${usage}`);
    return args!.map(Number);
  };
  switch (name) {
    case 'unique':
    case 'index':
      if (args !== undefined) fail(`${name} takes no arguments`);
      if (field.type === 'json') fail(`a json field cannot be given ${name}`);
      field[name] = true;
      return;
    case 'min':
    case 'max': {
      if (!stringTypes.includes(field.type)) {
        fail(`${name} bounds the length of string, text, email and url fields; use range(min,max) for numbers`);
      }
      const [length = 0] = numbers(1, 'a length, e.g. max(200)');
      if (!Number.isInteger(length) || length < 0) fail(`${name} takes a whole number of characters`);
      if (name === 'min') field.minLength = length;
      else field.maxLength = length;
      if (field.minLength !== undefined && field.maxLength !== undefined && field.minLength > field.maxLength) {
        fail('min is larger than max');
      }
      return;
    }
    case 'range': {
      if (!numericTypes.includes(field.type)) fail('range bounds integer, bigint, decimal and float fields');
      const [min = 0, max = 0] = numbers(2, 'a minimum and a maximum, e.g. range(1,5)');
      if (min > max) fail('range minimum is larger than its maximum');
      if ((field.type === 'integer' || field.type === 'bigint') && !(Number.isInteger(min) && Number.isInteger(max))) {
        fail(`range of an ${field.type} takes whole numbers`);
      }
      field.range = { min, max };
      return;
    }
    default: {
      // cascade, restrict, set-null
      if (field.type !== 'references') fail(`${name} applies only to references fields`);
      if (args !== undefined) fail(`${name} takes no arguments`);
      field.references!.onDelete = name as OnDelete;
    }
  }
}

function checkDefault(field: FieldSpec, value: string, fail: (problem: string) => never): void {
  const refuse = (expected: string): never => fail(`the default "${value}" is not ${expected}`);
  switch (field.type) {
    case 'boolean':
      if (value !== 'true' && value !== 'false') refuse('true or false');
      return;
    case 'integer':
    case 'bigint':
      if (!/^-?\d+$/.test(value)) refuse('a whole number');
      if (field.type === 'integer' && Math.abs(Number(value)) > 2147483647) refuse('within the integer range');
      break;
    case 'decimal': {
      if (!isNumber(value)) refuse('a number');
      const [whole = '', fraction = ''] = value.replace('-', '').split('.');
      const wholeDigits = (field.precision ?? 12) - (field.scale ?? 2);
      if (whole.replace(/^0+(?=\d)/, '').length > Math.max(wholeDigits, 1) || fraction.length > (field.scale ?? 2)) {
        refuse(`a decimal(${field.precision},${field.scale})`);
      }
      break;
    }
    case 'float':
      if (!isNumber(value)) refuse('a number');
      break;
    case 'enum':
      if (!field.values?.includes(value)) refuse(`one of ${field.values?.join(', ')}`);
      return;
    case 'date':
      if (!isIsoDate(value)) refuse('a date (YYYY-MM-DD)');
      return;
    case 'datetime':
      if (value !== 'now' && Number.isNaN(Date.parse(value))) refuse('now or an ISO 8601 date-time');
      return;
    case 'uuid':
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) refuse('a uuid');
      return;
    case 'json':
      try {
        JSON.parse(value);
      } catch {
        refuse('valid JSON');
      }
      return;
    case 'references':
      fail('a reference cannot have a default');
      return;
    default: {
      // string types: without min, a string is at least 1 character (the generated zod and CHECK say so)
      const minLength = field.minLength ?? 1;
      if (value.length < minLength) refuse(`at least ${minLength} character${minLength === 1 ? '' : 's'} long`);
      if (field.maxLength !== undefined && value.length > field.maxLength) refuse(`at most ${field.maxLength} long`);
      if (field.type === 'email' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)) refuse('an email address');
      if (field.type === 'url' && !URL.canParse(value)) refuse('a URL');
      return;
    }
  }
  const number = Number(value);
  if (field.range && (number < field.range.min || number > field.range.max)) {
    refuse(`within range(${field.range.min},${field.range.max})`);
  }
}

function parseCall(segment: string, fail: (problem: string) => never): Call {
  const match = /^([A-Za-z][A-Za-z0-9-]*)(?:\(([^()]*)\))?(\?)?$/.exec(segment);
  if (!match) fail(`cannot read "${segment}"; expected a word, optionally with (arguments) and ?`);
  const [, name = '', args, question] = match!;
  return {
    name,
    args: args === undefined ? undefined : args.split(',').map((arg) => arg.trim()),
    optional: question === '?',
  };
}

function indexOutsideParentheses(text: string, character: string): number {
  let depth = 0;
  for (let index = 0; index < text.length; index += 1) {
    const current = text[index];
    if (current === '(') depth += 1;
    else if (current === ')') depth -= 1;
    else if (current === character && depth === 0) return index;
  }
  return -1;
}

function splitOutsideParentheses(text: string, separator: string, fail: (problem: string) => never): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < text.length; index += 1) {
    const current = text[index];
    if (current === '(') depth += 1;
    else if (current === ')') depth -= 1;
    if (depth < 0) fail('a ")" has no matching "("');
    if (current === separator && depth === 0) {
      parts.push(text.slice(start, index));
      start = index + 1;
    }
  }
  if (depth !== 0) fail('a "(" is not closed');
  parts.push(text.slice(start));
  return parts;
}

const isInteger = (text: string) => /^\d+$/.test(text);
const isNumber = (text: string) => /^-?\d+(\.\d+)?$/.test(text);

function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

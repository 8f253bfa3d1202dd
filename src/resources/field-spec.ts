import { UserError } from '../errors.js';
import { fieldTypeDefinitions } from './field-types/index.js';
import { isNumber } from './field-types/numbers.js';
import { camelCase, snakeCase } from './names.js';
import { withArticle } from './render-names.js';

/**
 * The field language of `backend add resource`, Rails-like: `name:type[:modifier...][=default]`.
 *
 *   title:string:min(3):max(200)       status:enum(active,archived)=active
 *   description:text?                  budget:decimal(12,2)?
 *   project:references(projects):cascade
 *
 * `?` after the type (or any modifier) makes the field optional (nullable). Everything after the first `=`
 * outside parentheses is the default value. What each type takes (its arguments, its modifiers, its defaults) is
 * in its module in field-types/; this module reads the language.
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

const modifiers = ['unique', 'index', 'min', 'max', 'range', 'searchable', ...onDeleteActions] as const;
export type Modifier = (typeof modifiers)[number];
const isModifier = (name: string): name is Modifier => (modifiers as readonly string[]).includes(name);

/**
 * How much a match in a searchable field counts, as PostgreSQL's setweight labels it: A (a title) above B (a
 * summary, and `searchable` without a weight) above C (a body) above D.
 */
export const searchWeights = ['A', 'B', 'C', 'D'] as const;
export type SearchWeight = (typeof searchWeights)[number];

export const reservedFieldNames = ['id', 'createdAt', 'updatedAt'] as const;

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
  /** searchable(A): full-text search (`?q=`) looks in it, and a match in it counts this much. */
  searchWeight?: SearchWeight;
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
  const typeDefinition = fieldTypeDefinitions[field.type];
  if (typeDefinition.readArguments) Object.assign(field, typeDefinition.readArguments(type.args, fail));
  else if (type.args !== undefined) fail(`the type ${field.type} takes no arguments`);

  const seen = new Set<string>();
  for (const segment of modifierSegments) {
    const modifier = parseCall(segment, fail);
    optional ||= modifier.optional;
    if (seen.has(modifier.name)) fail(`the modifier "${modifier.name}" is given twice`);
    seen.add(modifier.name);
    applyModifier(field, modifier, fail);
  }
  field.optional = optional;

  field.name = camelCase(typeDefinition.propertyName?.(writtenName) ?? writtenName);
  field.column = snakeCase(field.name);
  if ((reservedFieldNames as readonly string[]).includes(field.name) || field.name === '') {
    fail(`"${writtenName}" is reserved: every resource has ${reservedFieldNames.join(', ')}`);
  }
  if (field.references?.onDelete === 'set-null' && !field.optional) {
    fail('set-null needs an optional field (add ?), since the column becomes NULL');
  }
  if (defaultValue !== undefined) {
    const problem = typeDefinition.defaultProblem(defaultValue, field);
    if (problem) fail(problem);
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

function applyModifier(field: FieldSpec, modifier: Call, fail: (problem: string) => never): void {
  const { name, args } = modifier;
  // Kept as a modifier name once, for ownership, which came as a flag: rows, not fields, belong to users.
  if (name === 'owned') fail('ownership belongs to the whole resource: add it with --owned');
  if (!isModifier(name)) {
    fail(`unknown modifier "${name}"; known modifiers: ${modifiers.join(', ')}, and ? for optional`);
  }
  const typeDefinition = fieldTypeDefinitions[field.type];
  const taken = typeDefinition.modifiers.includes(name);
  const numbers = (count: number, usage: string): number[] => {
    if (!args || args.length !== count || !args.every(isNumber)) fail(`${name} takes ${usage}`);
    return args!.map(Number);
  };
  switch (name) {
    case 'unique':
    case 'index':
      if (args !== undefined) fail(`${name} takes no arguments`);
      if (!taken) fail(`${withArticle(field.type)} field cannot be given ${name}`);
      field[name] = true;
      return;
    case 'min':
    case 'max': {
      if (!taken) fail(`${name} bounds the length of ${typesTaking(name)} fields; use range(min,max) for numbers`);
      const [length = 0] = numbers(1, 'a length, e.g. max(200)');
      if (!Number.isInteger(length) || length < 0) fail(`${name} takes a whole number of characters`);
      if (name === 'min') field.minLength = length;
      else field.maxLength = length;
      if (field.minLength !== undefined && field.maxLength !== undefined && field.minLength > field.maxLength) {
        fail('min is larger than max');
      }
      return;
    }
    case 'searchable': {
      if (!taken) fail(`searchable applies only to ${typesTaking(name)} fields`);
      const [weight = 'B', ...more] = args ?? [];
      if (more.length > 0 || !(searchWeights as readonly string[]).includes(weight)) {
        fail(`searchable takes one weight, ${searchWeights.join(', ')} (A counts most), or none for B`);
      }
      field.searchWeight = weight as SearchWeight;
      return;
    }
    case 'range': {
      if (!taken) fail(`range bounds ${typesTaking(name)} fields`);
      const [min = 0, max = 0] = numbers(2, 'a minimum and a maximum, e.g. range(1,5)');
      if (min > max) fail('range minimum is larger than its maximum');
      if (typeDefinition.wholeNumbers && !(Number.isInteger(min) && Number.isInteger(max))) {
        fail(`range of ${withArticle(field.type)} takes whole numbers`);
      }
      field.range = { min, max };
      return;
    }
    default: {
      // cascade, restrict, set-null
      if (!taken) fail(`${name} applies only to ${typesTaking(name)} fields`);
      if (args !== undefined) fail(`${name} takes no arguments`);
      field.references!.onDelete = name;
    }
  }
}

/** The types that take a modifier, for a message: `string, text, email and url`. */
function typesTaking(modifier: Modifier): string {
  const types = fieldTypes.filter((type) => fieldTypeDefinitions[type].modifiers.includes(modifier));
  return types.length > 1 ? `${types.slice(0, -1).join(', ')} and ${types.at(-1)}` : types.join('');
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

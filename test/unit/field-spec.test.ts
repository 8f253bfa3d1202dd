import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FieldSpecError, fieldTypes, parseFieldSpec, parseFieldSpecs } from '../../src/resources/field-spec.js';

describe('parseFieldSpec', () => {
  it('reads a unique string', () => {
    expect(parseFieldSpec('name:string:unique')).toMatchObject({
      name: 'name',
      column: 'name',
      type: 'string',
      optional: false,
      unique: true,
    });
  });

  it('reads optional text, with ? after the type', () => {
    expect(parseFieldSpec('description:text?')).toMatchObject({ type: 'text', optional: true });
  });

  it('reads an enum with a default', () => {
    expect(parseFieldSpec('status:enum(active,archived)=active')).toMatchObject({
      type: 'enum',
      values: ['active', 'archived'],
      defaultValue: 'active',
    });
  });

  it('reads an optional decimal with precision and scale', () => {
    expect(parseFieldSpec('budget:decimal(12,2)?')).toMatchObject({ precision: 12, scale: 2, optional: true });
  });

  it('reads length bounds', () => {
    expect(parseFieldSpec('title:string:min(3):max(200)')).toMatchObject({ minLength: 3, maxLength: 200 });
  });

  it('reads a searchable field with its weight, B when none is given', () => {
    expect(parseFieldSpec('title:string:searchable(A)')).toMatchObject({ searchWeight: 'A' });
    expect(parseFieldSpec('summary:text?:searchable')).toMatchObject({ searchWeight: 'B', optional: true });
    expect(parseFieldSpec('body:text:max(5000):searchable(C)')).toMatchObject({ searchWeight: 'C', maxLength: 5000 });
    expect(parseFieldSpec('title:string').searchWeight).toBeUndefined();
  });

  it('reads a range with a default', () => {
    expect(parseFieldSpec('priority:integer:range(1,5)=3')).toMatchObject({
      range: { min: 1, max: 5 },
      defaultValue: '3',
    });
  });

  it('maps camelCase and snake_case names to camelCase JSON and snake_case columns', () => {
    expect(parseFieldSpec('dueDate:date?')).toMatchObject({ name: 'dueDate', column: 'due_date' });
    expect(parseFieldSpec('due_date:date?')).toMatchObject({ name: 'dueDate', column: 'due_date' });
  });

  it('names a reference by its id and defaults to ON DELETE RESTRICT', () => {
    expect(parseFieldSpec('project:references(projects)')).toMatchObject({
      name: 'projectId',
      column: 'project_id',
      references: { resource: 'projects', onDelete: 'restrict' },
    });
    expect(parseFieldSpec('projectId:references(projects):cascade').references?.onDelete).toBe('cascade');
    expect(parseFieldSpec('owner:references(users)?:set-null').references?.onDelete).toBe('set-null');
  });

  it('keeps everything after the first = as the default, colons included', () => {
    expect(parseFieldSpec('homepage:url=https://example.com:8080/a').defaultValue).toBe('https://example.com:8080/a');
  });

  it.each([
    ['title:strin', /unknown type "strin"; known types: string, text/],
    ['title:string:uniq', /unknown modifier "uniq"; known modifiers: unique, index/],
    ['id:uuid', /"id" is reserved/],
    ['createdAt:datetime', /"createdAt" is reserved/],
    ['created_at:datetime', /"created_at" is reserved/],
    ['1st:string', /"1st" is not a valid name/],
    ['my-field:string', /"my-field" is not a valid name/],
    ['title', /expected name:type/],
    ['status:enum', /enum needs its values/],
    ['status:enum(a,a)', /enum values must be distinct/],
    ['status:enum(a,b)=c', /the default "c" is not one of a, b/],
    ['done:boolean=yes', /the default "yes" is not true or false/],
    ['priority:integer:range(5,1)', /range minimum is larger than its maximum/],
    ['priority:integer:range(1,5)=9', /not within range\(1,5\)/],
    ['title:string:min(10):max(2)', /min is larger than max/],
    ['count:integer:max(3)', /max bounds the length of string/],
    ['title:string:range(1,2)', /range bounds integer/],
    ['big:bigint:range(1.5,2)', /range of a bigint takes whole numbers/],
    ['budget:decimal(2,5)', /scale cannot exceed its precision/],
    ['price:decimal(a,b)', /decimal takes a precision and a scale/],
    ['project:references', /references needs the resource/],
    ['project:references(projects):set-null', /set-null needs an optional field/],
    ['title:string:cascade', /cascade applies only to references fields/],
    ['title:string:unique:unique', /the modifier "unique" is given twice/],
    ['data:json:unique', /a json field cannot be given unique/],
    ['due:date=2024-02-30', /is not a date/],
    ['title:string:searchable(E)', /searchable takes one weight, A, B, C, D/],
    ['title:string:searchable(A,B)', /searchable takes one weight/],
    ['count:integer:searchable', /searchable applies only to string and text fields/],
    ['title:string:owned', /ownership belongs to the whole resource: add it with --owned/],
    ['title:string(', /cannot read|is not closed/],
    ['title:string=', /the default "" is not at least 1 character long/],
    ['price:decimal(5,2)=1234.5', /the default "1234.5" is not a decimal\(5,2\)/],
    ['price:decimal(5,2)=1.234', /the default "1.234" is not a decimal\(5,2\)/],
  ])('refuses %j, naming the problem', (source, message) => {
    expect(() => parseFieldSpec(source)).toThrow(FieldSpecError);
    expect(() => parseFieldSpec(source)).toThrow(message);
  });

  it('refuses two specs that name the same field', () => {
    expect(() => parseFieldSpecs(['dueDate:date', 'due_date:datetime'])).toThrow(
      /Invalid field "due_date:datetime": it names the same field as "dueDate:date"/,
    );
  });

  it('never crashes: any input is a field or a FieldSpecError', () => {
    const alphabet = fc.constantFrom(...'abzAZ09_:?=(),.-@ x'.split(''));
    const token = fc.constantFrom(
      ...fieldTypes,
      'unique',
      'index',
      'min(3)',
      'max(',
      'range(1,5)',
      '(',
      ')',
      '?',
      ':',
      '=',
      'cascade',
      'set-null',
    );
    const input = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.array(alphabet, { maxLength: 40 }).map((chars) => chars.join('')),
      fc.array(token, { maxLength: 8 }).map((parts) => `f:${parts.join('')}`),
      fc.array(token, { maxLength: 8 }).map((parts) => parts.join(':')),
    );
    fc.assert(
      fc.property(input, (source) => {
        try {
          const field = parseFieldSpec(source);
          expect(fieldTypes).toContain(field.type);
          expect(field.name).toMatch(/^[a-z][A-Za-z0-9]*$/);
          expect(field.column).toMatch(/^[a-z][a-z0-9_]*$/);
        } catch (error) {
          if (!(error instanceof FieldSpecError)) throw error;
          expect(error.message.split('\n')).toHaveLength(1);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('parses every well-formed spec it is given', () => {
    const name = fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,10}$/).filter((text) => !['id', 'createdAt'].includes(text));
    const simpleType = fc.constantFrom('string', 'text', 'integer', 'bigint', 'float', 'boolean', 'date', 'uuid');
    fc.assert(
      fc.property(name, simpleType, fc.boolean(), fc.boolean(), (fieldName, type, optional, unique) => {
        const source = `${fieldName}:${type}${optional ? '?' : ''}${unique ? ':unique' : ''}`;
        const field = parseFieldSpec(source);
        expect(field).toMatchObject({ type, optional, unique });
      }),
    );
  });
});

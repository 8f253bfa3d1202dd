import type { OnDelete } from '../field-spec.js';
import { snakeCase } from '../names.js';
import { withArticle } from '../render-names.js';
import { sameType } from './row-types.js';
import type { FieldTypeDefinition } from './types.js';
import { tsString } from './typescript-literals.js';

/** How Kysely spells each ON DELETE action. */
export const onDeleteSql: Record<OnDelete, string> = {
  cascade: 'cascade',
  restrict: 'restrict',
  'set-null': 'set null',
};

/**
 * The id of a row of another resource, references(projects): a uuid column with a foreign key, ON DELETE RESTRICT
 * unless cascade or set-null says otherwise.
 */
export const referencesType: FieldTypeDefinition = {
  readArguments: (args, fail) => {
    const [resource, ...extra] = args ?? [];
    if (!resource || extra.length > 0 || !/^[A-Za-z][A-Za-z0-9_-]*$/.test(resource)) {
      fail('references needs the resource it points to, e.g. references(projects)');
    }
    return { references: { resource: snakeCase(resource!), onDelete: 'restrict' } };
  },
  modifiers: ['unique', 'index', 'cascade', 'restrict', 'set-null'],
  // Named for the id it holds: project, projectId and project_id all become projectId.
  propertyName: (written) => `${written.replace(/(_id|Id)$/, '')}_id`,
  defaultProblem: () => 'a reference cannot have a default',

  rules: () => 'z.uuid()',
  comment: () =>
    'A reference travels as the id of the row it points at; one that does not exist is a 422 naming the field.',
  column: () => 'uuid',
  rowType: sameType('string'),
  sqlDefault: tsString,
  zodDefault: tsString,

  sortable: false,
  filterOperators: ['eq'],
  filterIndex: true,

  // The values of a reference are rows made by the test (see test-plan/row-helpers.ts); only its refusals are here.
  samples: (field, proseName) => ({
    examples: [],
    distinctValues: Number.MAX_SAFE_INTEGER,
    invalid: [
      {
        description: `${withArticle(proseName.replace(/ id$/, ''))} id that is not a uuid`,
        value: "'42'",
        message: '/Invalid UUID/',
      },
    ],
    missingMessage: '/expected string, received undefined/',
    invalidQuery: tsString(`?${field.name}=42`),
  }),
  responseDefault: tsString,
};

import type { FieldSpec } from '../field-spec.js';
import { renderImports } from '../imports.js';
import type { ResourceModel } from '../model.js';
import { camelCase, type ResourceNames } from '../names.js';
import type { RenderedField } from '../render-fields.js';
import { variableName, withArticle } from '../render-names.js';
import { fieldSamples, prose, tsLiteral, type FieldSamples } from '../render-samples.js';
import { signsIn, traitsOf } from '../traits/index.js';
import type { TestContributions } from '../traits/types.js';
import { bodiesSection } from './bodies.js';
import { listSection } from './list.js';
import { onDeleteSection } from './on-delete.js';
import { openapiSection } from './openapi.js';
import { patchSection } from './patch.js';
import { postSection } from './post.js';
import { putSection } from './put.js';
import { relatedModel, RowHelpers, rowHelpersSection } from './row-helpers.js';
import { setupSection } from './setup.js';

/**
 * What the generated test of a resource needs. The test is made of sections, each a partial under
 * templates/resource/test/ whose own values the module of the same name here builds, under a key of the same name
 * (`post`, `onDelete`); the values several sections share are built here. Everything is TypeScript text; the
 * templates only place it. Sections without values of their own (preamble, get, delete, conditional-requests) have no
 * module.
 */

/** The partials of the test, by the names templates/resource/test.ts.hbs includes them by. */
export const testPartials: Record<string, string> = Object.fromEntries(
  [
    'preamble',
    'setup',
    'row-helpers',
    'bodies',
    'post',
    'get',
    'list',
    'put',
    'patch',
    'delete',
    'conditional-requests',
    'on-delete',
    'openapi',
  ].map((section) => [section, `resource/test/${section}.ts.hbs`]),
);

/** A member of an object literal the test writes: `name: value`. */
export interface Member {
  name: string;
  value: string;
}

/** What every section's values are made from: the resource, the names the test declares, and its fields' values. */
export interface TestPlanBasis {
  model: ResourceModel;
  names: ResourceNames;
  fields: RenderedField[];
  basePath: string;
  /** The variable of the collection's URL, and the functions of the test that make bodies and rows */
  url: string;
  functions: { valid: string; replacement: string; create: string };
  /** The variable that makes unique values unique, or '' when no field is unique */
  counter: string;
  /** The fields a minimal valid POST body has: the required ones, and the unique ones (a value no other row has) */
  validFields: RenderedField[];
  requiredFields: RenderedField[];
  optionalFields: RenderedField[];
  /** Whether a POST body must give the field: it is neither optional nor has a default */
  isRequiredInPost(field: RenderedField): boolean;
  rowHelpers: RowHelpers;
  /** Whether requests are sent by a signed-in caller (the routes of owned resources need one) */
  signedIn: boolean;
  /** The traits' parts of the test, in merge order */
  traitParts: TestContributions[];
  fromTraits<T>(pick: (part: TestContributions) => readonly T[] | undefined): T[];
  samples(field: RenderedField): FieldSamples;
  /** A value no other row has for a unique field, a new row for a reference, else the first example */
  firstValue(field: RenderedField): string;
  /** The same, with the other example of the field (see otherExample) */
  otherValue(field: RenderedField): string;
  /** A name for a variable of a single test that shadows none of the describe block's */
  unusedName(name: string): string;
  /** The variable of the row a reference points at: `owner` for ownerId */
  referenceVariable(field: RenderedField): string;
}

export function testPlan(model: ResourceModel, fields: RenderedField[], entity: string, basePath: string) {
  const basis = testPlanBasis(model, fields, entity, basePath);
  // Row helpers are declared in the order the test first needs them: the bodies' rows, then those POST gives.
  const sections = {
    bodies: bodiesSection(basis),
    post: postSection(basis),
    list: listSection(basis),
    put: putSection(basis),
    patch: patchSection(basis),
    openapi: openapiSection(basis),
  };
  const references = referencesOf(basis);
  const { signedIn } = basis;
  const unknownField = ['unknownField', 'notAField', 'misspeltField'].find(
    (candidate) => !fields.some((field) => field.name === candidate),
  )!;
  // PUT and PATCH start from a row whose optional fields are set, so that clearing them shows.
  const optionalValues = basis.optionalFields
    .filter((field) => !field.spec.unique)
    .map((field) => `${field.name}: ${basis.otherValue(field)}`);
  return {
    url: basis.url,
    entity,
    ...basis.functions,
    signedIn,
    inject: signedIn ? 'inject' : 'app.inject',
    unknownField,
    uniqueFields: fields
      .filter((field) => field.spec.unique)
      .map((field) => ({ name: field.name, prose: prose(field.name) })),
    references,
    optionalValues: optionalValues.length > 0 ? `{ ${optionalValues.join(', ')} }` : '',
    traitBlocks: basis.traitParts.flatMap((part) => (part.block ? [part.block] : [])),
    // What the test file imports: what every test needs, and what the traits' parts need besides.
    testImports: renderImports([
      { from: 'node:crypto', names: [{ name: 'randomUUID' }] },
      ...(signedIn ? [{ from: 'fastify', names: [{ name: 'InjectOptions', typeOnly: true }] }] : []),
      { from: 'vitest', names: ['afterEach', 'beforeEach', 'describe', 'expect', 'it'].map((name) => ({ name })) },
      ...(signedIn ? [{ from: '../../../test/auth.js', names: [{ name: 'signIn' }] }] : []),
      {
        from: '../../../test/helpers.js',
        names: ['buildTestApp', 'expectProblem', 'getTestDatabase', 'resetDatabase'].map((name) => ({ name })),
      },
      { from: '../../app.js', names: [{ name: 'App', typeOnly: true }] },
      ...basis.traitParts.flatMap((part) => part.imports ?? []),
    ]),
    ...sections,
    onDelete: onDeleteSection(references),
    // Last, as they list the row helpers every section above has declared.
    setup: setupSection(basis),
    rowHelpers: rowHelpersSection(basis),
  };
}

/** The references of the resource: the 422 of a missing row in POST, PUT and PATCH, and the ON DELETE blocks. */
export type Reference = ReturnType<typeof referencesOf>[number];

function referencesOf(basis: TestPlanBasis) {
  return basis.fields
    .filter((field) => field.spec.references)
    .map((field) => {
      const target = relatedModel(basis.model, field.spec.references!.resource).names;
      return {
        name: field.name,
        column: field.column,
        prose: prose(referenceBase(field.spec)),
        onDelete: field.spec.references!.onDelete,
        targetProse: target.singularWords,
        targetWithArticle: withArticle(target.singularWords),
        helper: basis.rowHelpers.for(target.table),
        variable: basis.referenceVariable(field),
      };
    });
}

function testPlanBasis(model: ResourceModel, fields: RenderedField[], entity: string, basePath: string): TestPlanBasis {
  const { names } = model;
  // Routes of owned resources require a signed-in caller: this one's, and those of the rows its tests make.
  const signedIn = signsIn(model) || Object.values(model.related).some(signsIn);
  const rowHelpers = new RowHelpers(model, { byUser: signedIn });
  const samples = new Map(fields.map((field) => [field.name, fieldSamples(field.spec)]));
  const sample = (field: RenderedField) => samples.get(field.name)!;
  const counter = fields.some((field) => field.spec.unique) ? 'created' : '';
  const url = `${names.plural}Url`;
  const functions = {
    valid: `valid${names.singularPascal}`,
    replacement: `replacement${names.singularPascal}`,
    create: `create${names.singularPascal}`,
  };
  // The names the describe block declares: variables of single tests must not shadow them.
  const scope = new Set<string>([entity, url, counter, ...Object.values(functions), 'list', 'ids'].filter(Boolean));
  // The traits' parts come first: the rows they make (a parent) are the first the tests need.
  const traitParts: TestContributions[] = traitsOf(model).flatMap(
    (trait) =>
      trait.test?.(model, {
        rowHelper: (table) => rowHelpers.for(table),
        variable: (name) => {
          const variable = variableName(name, scope);
          scope.add(variable);
          return variable;
        },
        url,
      }) ?? [],
  );

  const fixedValue = (field: RenderedField, choose: (samples: FieldSamples) => unknown): string => {
    if (field.spec.references) return `(await ${rowHelpers.for(field.spec.references.resource)}()).id`;
    const values = sample(field);
    if (field.spec.unique && values.unique) return values.unique;
    return tsLiteral(choose(values));
  };
  const isRequiredInPost = (field: RenderedField) => !field.optional && field.spec.defaultValue === undefined;

  return {
    model,
    names,
    fields,
    basePath,
    url,
    functions,
    counter,
    validFields: fields.filter((field) => isRequiredInPost(field) || field.spec.unique),
    requiredFields: fields.filter((field) => !field.optional),
    optionalFields: fields.filter((field) => field.optional),
    isRequiredInPost,
    rowHelpers,
    signedIn,
    traitParts,
    fromTraits: (pick) => traitParts.flatMap((part) => pick(part) ?? []),
    samples: sample,
    firstValue: (field) => fixedValue(field, (values) => values.examples[0]),
    otherValue: (field) => fixedValue(field, (values) => otherExample(values)),
    unusedName: (name) => variableName(name, scope),
    referenceVariable: (field) => variableName(referenceBase(field.spec), scope),
  };
}

/** The other example of a field: not its default, and not the first example, when there is such a value. */
function otherExample(values: FieldSamples): unknown {
  const defaultValue = values.defaultResponse;
  const candidates = values.examples.filter((example) => tsLiteral(example) !== defaultValue);
  return candidates.find((example) => example !== values.examples[0]) ?? candidates[0] ?? values.examples[0];
}

/** `owner` for ownerId. */
const referenceBase = (field: FieldSpec) => camelCase(field.name.replace(/Id$/, ''));

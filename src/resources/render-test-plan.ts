import type { FieldSpec, OnDelete } from './field-spec.js';
import type { ResourceModel } from './model.js';
import { camelCase } from './names.js';
import { tsString, type RenderedField } from './render-fields.js';
import { capitalize, docComment, variableName, withArticle } from './render-names.js';
import { fieldSamples, prose, tsLiteral, type FieldSamples } from './render-samples.js';
import { signsIn, traitsOf } from './traits/index.js';
import type { TestContributions } from './traits/types.js';

/**
 * What the generated test of a resource needs: the rows it makes through the API (parents, referenced rows,
 * recursively), the bodies it sends, and one list per kind of test (validation cases, unique fields, references
 * by ON DELETE action, sorts, filters). Everything is TypeScript text; the template only places it.
 */

interface Member {
  name: string;
  value: string;
}

/** A function of the test that POSTs a row of a related resource and returns its id and URL. */
interface RowHelper {
  name: string;
  doc: string;
  counter: string;
  parentHelper: string;
  url: string;
  body: string;
}

/** A "filters by" test: the rows it makes, the query that finds one of them, and one the filter refuses. */
interface FilterCase {
  name: string;
  prose: string;
  cast: boolean;
  invalidQuery: string;
  setup: string[];
  matching: string;
  other: string;
  query: string;
  /** For a filter by a fixed value, which other filters can combine with */
  fixed?: { matching: string; other: string; parameter: string };
}

/** How many rows one test makes at most, by kind of test: a unique field with few values limits them. */
const rowsNeeded = { page: 21, five: 5, sorts: 3 };

export function testPlan(model: ResourceModel, fields: RenderedField[], entity: string, basePath: string) {
  const { names } = model;
  const helpers = new RowHelpers(model);
  const samples = new Map(fields.map((field) => [field.name, fieldSamples(field.spec)]));
  const sample = (field: RenderedField) => samples.get(field.name)!;
  const counter = fields.some((field) => field.spec.unique) ? 'created' : '';

  const url = `${names.plural}Url`;
  const fn = {
    valid: `valid${names.singularPascal}`,
    replacement: `replacement${names.singularPascal}`,
    create: `create${names.singularPascal}`,
  };
  // The names the describe block declares: variables of single tests must not shadow them.
  const scope = new Set<string>([entity, url, counter, ...Object.values(fn), 'list', 'ids'].filter(Boolean));
  // The traits' parts come first: the rows they make (a parent) are the first the tests need.
  const tools = {
    rowHelper: (table: string) => helpers.for(table),
    variable: (name: string) => {
      const variable = variableName(name, scope);
      scope.add(variable);
      return variable;
    },
    url,
  };
  const traitParts: TestContributions[] = traitsOf(model).flatMap((trait) => trait.test?.(model, tools) ?? []);
  const fromTraits = <T>(pick: (part: TestContributions) => readonly T[] | undefined): T[] =>
    traitParts.flatMap((part) => pick(part) ?? []);

  // A value no other row has for unique fields, a new row for references, else the first example.
  const fixedValue = (field: RenderedField, choose: (samples: FieldSamples) => unknown): string => {
    if (field.spec.references) return `(await ${helpers.for(field.spec.references.resource)}()).id`;
    const values = sample(field);
    if (field.spec.unique && values.unique) return values.unique;
    return tsLiteral(choose(values));
  };
  const isRequiredInPost = (field: RenderedField) => !field.optional && field.spec.defaultValue === undefined;

  const validFields = fields.filter((field) => isRequiredInPost(field) || field.spec.unique);
  // A reference is made only when the test does not give one: rows are cheap, but unique values may be few.
  const validBody: Member[] = validFields.map((field) => ({
    name: field.name,
    value: field.spec.references
      ? `fields.${field.name} ?? ${fixedValue(field, () => undefined)}`
      : fixedValue(field, (values) => values.examples[0]),
  }));
  const requiredFields = fields.filter((field) => !field.optional);
  const replacementBody: Member[] = requiredFields.map((field) => ({
    name: field.name,
    value: fixedValue(field, (values) => otherExample(field, values)),
  }));

  const optionalFields = fields.filter((field) => field.optional);

  // POST: the defaults of the fields the minimal body leaves out; every field given, as the API writes it back.
  const defaults: Member[] = fields
    .filter((field) => !validFields.includes(field))
    .map((field) => ({ name: field.name, value: sample(field).defaultResponse ?? 'null' }));
  const givenFields = fields.filter((field) => !field.spec.unique);
  const setup: string[] = [];
  const given: Member[] = [];
  const stored: Member[] = [];
  // What the API normalizes, said once per type (the first field of a type gives the example).
  const notes = new Map<string, string>();
  for (const field of givenFields) {
    if (field.spec.references) {
      const variable = variableName(referenceBase(field.spec), scope);
      setup.push(`const ${variable} = await ${helpers.for(field.spec.references.resource)}();`);
      given.push({ name: field.name, value: `${variable}.id` });
      continue;
    }
    const values = sample(field);
    if (values.normalized) {
      given.push({ name: field.name, value: tsLiteral(values.normalized.input) });
      stored.push({ name: field.name, value: tsLiteral(values.normalized.stored) });
      if (!notes.has(field.spec.type)) notes.set(field.spec.type, values.normalized.note);
    } else {
      given.push({ name: field.name, value: tsLiteral(otherExample(field, values)) });
    }
  }

  const invalidCases = fields.flatMap((field) => {
    const values = sample(field);
    const missing = isRequiredInPost(field)
      ? [{ description: `a missing ${prose(field.name)}`, value: 'undefined', message: values.missingMessage }]
      : [];
    return [...missing, ...values.invalid].map((invalid) => ({ ...invalid, name: field.name }));
  });

  const references = fields
    .filter((field) => field.spec.references)
    .map((field) => {
      const target = relatedModel(model, field.spec.references!.resource).names;
      const variable = variableName(referenceBase(field.spec), scope);
      return {
        name: field.name,
        column: field.column,
        prose: prose(referenceBase(field.spec)),
        onDelete: field.spec.references!.onDelete,
        targetProse: target.singularWords,
        targetWithArticle: withArticle(target.singularWords),
        helper: helpers.for(target.table),
        variable,
      };
    });
  const byAction = (action: OnDelete) => references.filter((reference) => reference.onDelete === action);

  const capacity = helpers.capacity(model, { includeParent: false });
  const sorts =
    capacity >= rowsNeeded.sorts
      ? fields
          .filter((field) => field.sortable && sample(field).examples.length >= 3)
          .map((field) => {
            const [lowest, middle, highest] = sample(field).examples.map(tsLiteral);
            return { name: field.name, prose: prose(field.name), lowest, middle, highest };
          })
      : [];

  const filters = fields
    .filter((field) => field.filter)
    .flatMap((field): FilterCase[] => {
      const values = sample(field);
      const cast = field.filterCast !== '';
      const common = { name: field.name, prose: prose(field.name), cast, invalidQuery: values.invalidQuery };
      if (field.spec.references) {
        const variable = variableName('target', scope);
        return [
          {
            ...common,
            setup: [`const ${variable} = await ${helpers.for(field.spec.references.resource)}();`],
            matching: `{ ${field.name}: ${variable}.id }`,
            other: '',
            query: `\`?${field.name}=\${${variable}.id}\``,
          },
        ];
      }
      if (field.spec.unique) {
        const read = `matching.${field.name}`;
        const value = typeof values.examples[0] === 'string' ? `encodeURIComponent(${read})` : read;
        return [{ ...common, setup: [], matching: '', other: '', query: `\`?${field.name}=\${${value}}\`` }];
      }
      if (values.examples.length < 2) return [];
      const [matching, other] = values.examples;
      const fixed = {
        matching: `${field.name}: ${tsLiteral(matching)}`,
        other: `${field.name}: ${tsLiteral(other)}`,
        parameter: `${field.name}=${encodeURIComponent(String(matching))}`,
      };
      return [
        {
          ...common,
          setup: [],
          matching: `{ ${fixed.matching} }`,
          other: `{ ${fixed.other} }`,
          query: tsString(`?${fixed.parameter}`),
          fixed,
        },
      ];
    });

  // Two filters together: only the row that matches both counts.
  const [first, second] = filters.flatMap((filter) => (filter.fixed ? [filter.fixed] : []));
  const combinedFilters =
    first && second && capacity >= rowsNeeded.sorts
      ? {
          both: `{ ${first.matching}, ${second.matching} }`,
          firstOnly: `{ ${first.matching}, ${second.other} }`,
          secondOnly: `{ ${first.other}, ${second.matching} }`,
          query: tsString(`?${first.parameter}&${second.parameter}&limit=1`),
        }
      : false;

  // PUT and PATCH start from a row whose optional fields are set, so that clearing them shows.
  const optionalValues = optionalFields
    .filter((field) => !field.spec.unique)
    .map((field) => `${field.name}: ${fixedValue(field, (values) => otherExample(field, values))}`);
  const firstRequired = requiredFields[0];
  const firstOptional = optionalFields[0];
  const changes = [
    ...(firstRequired ? [`${firstRequired.name}: (await ${fn.replacement}()).${firstRequired.name}`] : []),
    ...(firstOptional ? [`${firstOptional.name}: null`] : []),
  ];
  const patchInvalid = fields
    .flatMap((field) => sample(field).invalid.map((invalid) => ({ ...invalid, name: field.name })))
    .at(0);

  const unknownField = ['unknownField', 'notAField', 'misspeltField'].find(
    (candidate) => !fields.some((field) => field.name === candidate),
  )!;

  const helperList = helpers.list();
  // Routes of owned resources require a signed-in caller: this one's, and those of the rows its tests make.
  const signedIn = signsIn(model) || Object.values(model.related).some(signsIn);
  const urlIsVariable = traitParts.some((part) => part.collectionUrl === 'variable');
  const counters = [...new Set([counter, ...helperList.map((helper) => helper.counter)].filter(Boolean))];
  return {
    url,
    entity,
    ...fn,
    signedIn,
    inject: signedIn ? 'inject' : 'app.inject',
    counters,
    declarations: [
      ...(urlIsVariable ? [] : [`const ${url} = '${basePath}';`]),
      ...fromTraits((part) => part.declarations),
    ],
    beforeEachStatements: fromTraits((part) => part.beforeEach),
    serverSet: fromTraits((part) => part.serverSet),
    docsExpectations: fromTraits((part) => part.docs),
    traitBlocks: traitParts.flatMap((part) => (part.block ? [part.block] : [])),
    validCounter: counter,
    replacementCounter: requiredFields.some((field) => field.spec.unique) ? counter : '',
    validDoc: docComment(
      counter
        ? `A valid POST body, with values no other ${names.singularWords} has; \`fields\` override or add to it.`
        : 'A valid POST body; `fields` override or add to it.',
      '  ',
    ),
    createDoc: docComment(
      `Creates ${withArticle(names.singularWords)} through the API` +
        traitParts.map((part) => part.createdIn ?? '').join('') +
        ', and returns it.',
      '  ',
    ),
    validBody,
    replacementBody,
    helpers: helperList,
    post: {
      title: tsString(
        `returns 201, a Location header and the ${names.singularWords}${defaults.some((member) => member.value !== 'null') ? ', with defaults applied' : ''}`,
      ),
      defaults,
      everyFieldTitle: tsString(['keeps every field it is given', ...notes.values()].join('; ')),
      setup,
      given,
      stored,
    },
    unknownField,
    invalidCases,
    uniqueFields: fields
      .filter((field) => field.spec.unique)
      .map((field) => ({ name: field.name, prose: prose(field.name) })),
    references,
    cascades: byAction('cascade'),
    restricts: byAction('restrict'),
    setNulls: byAction('set-null'),
    rows: { page: capacity >= rowsNeeded.page, five: capacity >= rowsNeeded.five },
    sorts,
    notSortable: fields.find((field) => !field.sortable)?.name ?? 'id',
    filters,
    combinedFilters,
    put: {
      title: tsString(
        `replaces the whole ${names.singularWords}${optionalFields.length > 0 ? ': an optional field left out becomes null' : ''}`,
      ),
      optionalValues: optionalValues.length > 0 ? `{ ${optionalValues.join(', ')} }` : '',
      cleared: optionalFields.map((field) => field.name),
      requiredPaths: requiredFields.map((field) => tsString(`body.${field.name}`)).join(', '),
    },
    patch: {
      title: tsString(`changes the given fields only${firstOptional ? ', and null clears an optional one' : ''}`),
      changes: `{ ${changes.join(', ')} }`,
      invalid: patchInvalid ?? false,
    },
  };
}

/** The other example of a field: not its default, and not the first example, when there is such a value. */
function otherExample(field: RenderedField, values: FieldSamples): unknown {
  const defaultValue = values.defaultResponse;
  const candidates = values.examples.filter((example) => tsLiteral(example) !== defaultValue);
  return candidates.find((example) => example !== values.examples[0]) ?? candidates[0] ?? values.examples[0];
}

/** `owner` for ownerId. */
const referenceBase = (field: FieldSpec) => camelCase(field.name.replace(/Id$/, ''));

function relatedModel(model: ResourceModel, table: string): ResourceModel {
  const related = table === model.names.table ? model : model.related[table];
  if (!related) throw new Error(`The model of ${model.names.table} lacks the resource it refers to: ${table}`);
  return related;
}

/**
 * The helpers that make related rows, one per related resource the test needs, each making in turn the rows
 * its own required fields and its parent need.
 */
class RowHelpers {
  private readonly helpers = new Map<string, RowHelper>();

  constructor(private readonly model: ResourceModel) {}

  /** The name of the helper for `table`, declared (with those it needs) on first use. */
  for(table: string): string {
    const existing = this.helpers.get(table);
    if (existing) return existing.name;
    const related = relatedModel(this.model, table);
    const { names } = related;
    const helper: RowHelper = {
      name: `post${names.singularPascal}`,
      doc: '',
      counter: '',
      parentHelper: '',
      url: tsString(`/v1/${names.kebab}`),
      body: '{}',
    };
    this.helpers.set(table, helper);

    const fields = related.fields.filter(
      (field) => field.unique || (!field.optional && field.defaultValue === undefined),
    );
    if (fields.some((field) => field.unique)) helper.counter = `created${names.pluralPascal}`;
    if (related.parent) {
      helper.parentHelper = this.for(related.parent.names.table);
      helper.url = `\`/v1/${related.parent.names.kebab}/\${parent.id}/${names.kebab}\``;
    }
    const members = fields.map((field) => `${field.name}: ${this.value(field)}`);
    helper.body = members.length > 0 ? `{ ${members.join(', ')} }` : '{}';
    helper.doc = docComment(
      `Makes ${withArticle(names.singularWords)}${related.parent ? ` (in a new ${related.parent.names.singularWords})` : ''} through the API, with the fields it requires.`,
      '  ',
    );
    return helper.name;
  }

  list(): RowHelper[] {
    return [...this.helpers.values()];
  }

  /**
   * How many rows of `model` the tests can make before a unique value repeats: its own unique fields, and the
   * rows each of its rows makes (the rows its required references point at, and its parent's).
   */
  capacity(model: ResourceModel, { includeParent }: { includeParent: boolean }, seen = new Set<string>()): number {
    if (seen.has(model.names.table)) return Number.MAX_SAFE_INTEGER;
    const inner = new Set([...seen, model.names.table]);
    let capacity = Number.MAX_SAFE_INTEGER;
    for (const field of model.fields) {
      if (field.unique && !field.references) capacity = Math.min(capacity, fieldSamples(field).distinctValues);
      if (field.references && (field.unique || !field.optional)) {
        const target = relatedModel(this.model, field.references.resource);
        capacity = Math.min(capacity, this.capacity(target, { includeParent: true }, inner));
      }
    }
    if (includeParent && model.parent) {
      const parent = relatedModel(this.model, model.parent.names.table);
      capacity = Math.min(capacity, this.capacity(parent, { includeParent: true }, inner));
    }
    return capacity;
  }

  private value(field: FieldSpec): string {
    if (field.references) return `(await ${this.for(field.references.resource)}()).id`;
    const values = fieldSamples(field);
    if (field.unique && values.unique) return values.unique;
    return tsLiteral(values.examples[0]);
  }
}

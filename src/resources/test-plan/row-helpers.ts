import type { FieldSpec } from '../field-spec.js';
import type { ResourceModel } from '../model.js';
import { tsString } from '../render-fields.js';
import { docComment, withArticle } from '../render-names.js';
import { fieldSamples, tsLiteral } from '../render-samples.js';
import type { TestPlanBasis } from './index.js';

/** A function of the test that POSTs a row of a related resource and returns its id and URL. */
export interface RowHelper {
  name: string;
  doc: string;
  counter: string;
  parentHelper: string;
  url: string;
  body: string;
}

/** The row helpers, in the order the test first needs them. */
export function rowHelpersSection(basis: TestPlanBasis): RowHelper[] {
  return basis.rowHelpers.list();
}

/**
 * The helpers that make related rows, one per related resource the test needs, each making in turn the rows
 * its own required fields and its parent need.
 */
export class RowHelpers {
  private readonly helpers = new Map<string, RowHelper>();

  /**
   * `byUser`: the tests sign in, and each helper takes the user who makes the row (the caller when not given), so
   * that a test can make rows that belong to someone else; the rows a row needs are made by the same user.
   */
  constructor(
    private readonly model: ResourceModel,
    private readonly options: { byUser: boolean },
  ) {}

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
      `Makes ${withArticle(names.singularWords)}${related.parent ? ` (in a new ${related.parent.names.singularWords})` : ''} through the API` +
        `${this.options.byUser ? ' as `user` (the caller unless given)' : ''}, with the fields it requires.`,
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
    if (field.references)
      return `(await ${this.for(field.references.resource)}(${this.options.byUser ? 'user' : ''})).id`;
    const values = fieldSamples(field);
    if (field.unique && values.unique) return values.unique;
    return tsLiteral(values.examples[0]);
  }
}

/** The model of `table`: the resource itself, or one it refers to. */
export function relatedModel(model: ResourceModel, table: string): ResourceModel {
  const related = table === model.names.table ? model : model.related[table];
  if (!related) throw new Error(`The model of ${model.names.table} lacks the resource it refers to: ${table}`);
  return related;
}

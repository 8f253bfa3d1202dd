import type { Options } from '../options/schema.js';
import type { FieldSpec } from './field-spec.js';
import type { ResourceNames } from './names.js';
import type { TraitId } from './traits/types.js';

/**
 * Everything needed to render one resource: its names, its fields, its parent when it is nested, and the
 * resources it refers to (so its tests can create the rows it points at).
 */
export interface ResourceModel {
  names: ResourceNames;
  /** The fields of the request bodies and the entity, in the order given. Never includes the parent key. */
  fields: FieldSpec[];
  /** Set for a nested resource (/v1/projects/:projectId/tasks): the parent and the field that points at it. */
  parent?: { names: ResourceNames; field: FieldSpec };
  /** What it is besides its fields (traits/): `nested` under its parent, `owned` by users. */
  traits: TraitId[];
  /** The resources that `fields` and `parent` reference, by table name, recursively. */
  related: Record<string, ResourceModel>;
  /** The migration's timestamp prefix, e.g. '20261126051500' (migrations run in name order). */
  migrationTimestamp: string;
  /** The engine of the service's full-text search, which searchable fields use; undefined without search. */
  searchEngine?: SearchEngine;
  /** Whether the service has a job queue, which work that follows a write can go through. */
  queued?: boolean;
}

export type SearchEngine = Exclude<Options['search'], 'none'>;

/** What a resource's code depends on of the service it is added to: its search engine, whether it has a queue. */
export type ServiceFacts = Pick<ResourceModel, 'searchEngine' | 'queued'>;

/** The facts of a service, from the options backend.json records. */
export function serviceFactsOf({ search, queue }: Pick<Options, 'search' | 'queue'>): ServiceFacts {
  return { ...(search === 'none' ? {} : { searchEngine: search }), ...(queue === 'none' ? {} : { queued: true }) };
}

/** What the command records about a resource in backend.json; the model is rebuilt from it. */
export interface ResourceRecord {
  name: string;
  fields: string[];
  parent?: string;
  /** The traits it was given (`nested` with a parent, `owned`); written only when there are some. */
  traits?: TraitId[];
  /** How the first version with owned resources recorded the owned trait; read, no longer written. */
  owned?: boolean;
  migration: string;
}

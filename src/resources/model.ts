import type { FieldSpec } from './field-spec.js';
import type { ResourceNames } from './names.js';

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
  /** Whether its rows belong to users (`--owned`): an owner_id column, set from the caller, scopes every query. */
  owned: boolean;
  /** The resources that `fields` and `parent` reference, by table name, recursively. */
  related: Record<string, ResourceModel>;
  /** The migration's timestamp prefix, e.g. '20261126051500' (migrations run in name order). */
  migrationTimestamp: string;
}

/** What the command records about a resource in backend.json; the model is rebuilt from it. */
export interface ResourceRecord {
  name: string;
  fields: string[];
  parent?: string;
  /** Written only when true, so the records of resources added before `--owned` existed read the same. */
  owned?: boolean;
  migration: string;
}

import type { ResourceModel } from '../model.js';
import { cachedTrait } from './cached.js';
import { nestedTrait } from './nested.js';
import { ownedTrait } from './owned.js';
import { ownedReferencesTrait } from './owned-references.js';
import { searchableTrait } from './searchable.js';
import { type ImportSpec, type Layer, layers, type Trait, type TraitContributions, type TraitId } from './types.js';

/**
 * Every trait the generator knows, in the order their contributions merge: a nested resource's parent comes
 * before its owner, in parameters, columns and tests alike; when several name the permission of the routes, the
 * last one's is required. Adding a trait means one module here and its partials
 * under templates/resource/traits/<id>/.
 */
export const allTraits: readonly Trait[] = [
  nestedTrait,
  ownedReferencesTrait,
  ownedTrait,
  cachedTrait,
  searchableTrait,
];

export function traitById(id: TraitId): Trait {
  const trait = allTraits.find((candidate) => candidate.id === id);
  if (!trait) throw new Error(`Unknown trait ${id}`);
  return trait;
}

/** The traits of a resource, in merge order: those it was given, and those that follow from its fields. */
export function traitsOf(model: ResourceModel): Trait[] {
  return allTraits.filter((trait) => model.traits.includes(trait.id) || (trait.follows?.(model) ?? false));
}

/** Whether the routes of this resource need a signed-in caller. */
export function signsIn(model: ResourceModel): boolean {
  return traitsOf(model).some((trait) => trait.signsIn?.(model) ?? false);
}

/** The contributions of every trait of a resource, merged: what the layer templates fill their slots with. */
export interface MergedContributions {
  contributions: TraitContributions[];
  imports: Record<Layer, ImportSpec[]>;
  /** Every trait's list under `pick`, concatenated in merge order. */
  all<T>(pick: (contributions: TraitContributions) => readonly T[] | T | undefined): T[];
}

export function mergeContributions(model: ResourceModel): MergedContributions {
  const contributions = traitsOf(model).map((trait) => trait.contribute(model));
  const all = <T>(pick: (each: TraitContributions) => readonly T[] | T | undefined): T[] =>
    contributions.flatMap((each) => {
      const value = pick(each);
      return value === undefined ? [] : Array.isArray(value) ? (value as T[]) : [value as T];
    });
  const imports = Object.fromEntries(layers.map((layer) => [layer, all((each) => each.imports?.[layer])])) as Record<
    Layer,
    ImportSpec[]
  >;
  return {
    contributions,
    imports,
    all,
  };
}

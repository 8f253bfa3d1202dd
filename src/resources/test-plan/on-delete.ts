import type { Reference } from './index.js';

/** A describe block per reference: what deleting the row it points at does, by its ON DELETE action. */
export function onDeleteSection(references: Reference[]) {
  return {
    cascades: references.filter((reference) => reference.onDelete === 'cascade'),
    restricts: references.filter((reference) => reference.onDelete === 'restrict'),
    setNulls: references.filter((reference) => reference.onDelete === 'set-null'),
  };
}

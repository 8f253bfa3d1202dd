import { readFileSync } from 'node:fs';

/**
 * The resources the issue names as examples (fixtures/example-resources.json), shared by the matrix, the
 * renderer's tests and the benchmarks, so that all of them exercise the same two resources.
 */
export const exampleResources = JSON.parse(
  readFileSync(new URL('../../fixtures/example-resources.json', import.meta.url), 'utf8'),
) as Record<'projects' | 'tasks', { fields: string[]; parent?: string }>;

/** The arguments of `backend` that add an example resource. */
export function addExampleArgs(name: keyof typeof exampleResources): string[] {
  const { fields, parent } = exampleResources[name];
  return ['add', 'resource', name, ...fields, ...(parent ? ['--parent', parent] : [])];
}

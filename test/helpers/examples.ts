import { readFileSync } from 'node:fs';

/**
 * The resources the issues name as examples (fixtures/example-resources.json), shared by the matrix, the
 * renderer's tests and the benchmarks, so that all of them exercise the same resources: projects and tasks, and
 * articles, whose fields are searchable (in a service with --search postgres).
 */
export const exampleResources = JSON.parse(
  readFileSync(new URL('../../fixtures/example-resources.json', import.meta.url), 'utf8'),
) as Record<'projects' | 'tasks' | 'articles', { fields: string[]; parent?: string }>;

/** The arguments of `backend` that add an example resource. */
export function addExampleArgs(name: keyof typeof exampleResources): string[] {
  const { fields, parent } = exampleResources[name];
  return ['add', 'resource', name, ...fields, ...(parent ? ['--parent', parent] : [])];
}

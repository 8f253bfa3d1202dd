import type { TestPlanBasis } from './index.js';

/** The describe block's variables and what runs before each test. */
export function setupSection(basis: TestPlanBasis) {
  const { counter, url, basePath } = basis;
  const urlIsVariable = basis.traitParts.some((part) => part.collectionUrl === 'variable');
  const helperCounters = basis.rowHelpers.list().map((helper) => helper.counter);
  return {
    counters: [...new Set([counter, ...helperCounters].filter(Boolean))],
    declarations: [
      ...(urlIsVariable ? [] : [`const ${url} = '${basePath}';`]),
      ...basis.fromTraits((part) => part.declarations),
    ],
    beforeEach: basis.fromTraits((part) => part.beforeEach),
  };
}

import type { ImportSpec } from './traits/types.js';

/**
 * The import block of a generated file, as an editor's "organize imports" leaves it: Node's modules, then
 * packages, then the project's own files, a blank line between the groups; modules in path order, one statement
 * per module, names in alphabetical order, `import type` when every name is a type.
 */
export function renderImports(specs: readonly ImportSpec[]): string {
  const byModule = new Map<string, Map<string, boolean>>();
  for (const { from, names } of specs) {
    const merged = byModule.get(from) ?? new Map<string, boolean>();
    // A name imported as a value by one contribution and as a type by another is a value.
    for (const { name, typeOnly = false } of names) merged.set(name, (merged.get(name) ?? true) && typeOnly);
    byModule.set(from, merged);
  }
  const group = (from: string) => (from.startsWith('node:') ? 0 : from.startsWith('.') ? 2 : 1);
  const modules = [...byModule.keys()].sort((a, b) => group(a) - group(b) || compare(a, b));
  const lines: string[] = [];
  modules.forEach((from, index) => {
    if (index > 0 && group(modules[index - 1]!) !== group(from)) lines.push('');
    const names = [...byModule.get(from)!].sort(([a], [b]) => compareNames(a, b));
    const allTypes = names.every(([, typeOnly]) => typeOnly);
    const list = names.map(([name, typeOnly]) => (typeOnly && !allTypes ? `type ${name}` : name)).join(', ');
    lines.push(`import ${allTypes ? 'type ' : ''}{ ${list} } from '${from}';`);
  });
  return lines.join('\n');
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Alphabetical whatever the case, capitals first between names that differ only in case. */
export const compareNames = (a: string, b: string) => compare(a.toLowerCase(), b.toLowerCase()) || compare(a, b);

import type { Feature } from '../features/types.js';
import type { PackageAdditions } from '../options/schema.js';
import { collectScripts } from './template-context.js';
import { versions } from './versions.js';

/**
 * The generated package.json, built as an object from the features and the pinned version table (never
 * by editing text), with its dependency maps sorted so the output is stable. A team preset's additions come after
 * the features' scripts and among the dependencies; the preset was refused if it named one of the generator's.
 */
export function buildPackageJson(name: string, features: readonly Feature[], additions: PackageAdditions = {}) {
  const scripts = Object.fromEntries(
    Object.entries(collectScripts({ features })).map(([name, script]) => [name, script.command]),
  );
  return {
    name,
    version: '0.1.0',
    private: true,
    type: 'module',
    engines: { node: '>=20.19' },
    scripts: { ...scripts, ...additions.scripts },
    dependencies: sorted({ ...pinned(features.flatMap((feature) => feature.dependencies)), ...additions.dependencies }),
    devDependencies: sorted({
      ...pinned(features.flatMap((feature) => feature.devDependencies)),
      ...additions.devDependencies,
    }),
  };
}

function pinned(names: readonly (keyof typeof versions)[]): Record<string, string> {
  return Object.fromEntries([...new Set(names)].map((name) => [name, versions[name]]));
}

function sorted(map: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

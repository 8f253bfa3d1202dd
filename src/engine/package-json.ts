import type { Feature } from '../features/types.js';
import { collectScripts } from './template-context.js';
import { versions } from './versions.js';

/**
 * The generated package.json, built as an object from the features and the pinned version table (never
 * by editing text), with its dependency maps sorted so the output is stable.
 */
export function buildPackageJson(name: string, features: readonly Feature[]) {
  const scripts = Object.fromEntries(
    Object.entries(collectScripts({ features })).map(([name, script]) => [name, script.command]),
  );
  return {
    name,
    version: '0.1.0',
    private: true,
    type: 'module',
    engines: { node: '>=20.19' },
    scripts,
    dependencies: pinned(features.flatMap((feature) => feature.dependencies)),
    devDependencies: pinned(features.flatMap((feature) => feature.devDependencies)),
  };
}

function pinned(names: readonly (keyof typeof versions)[]): Record<string, string> {
  return Object.fromEntries([...new Set(names)].sort().map((name) => [name, versions[name]]));
}

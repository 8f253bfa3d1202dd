import { describe, expect, it } from 'vitest';
import { selectFeatures } from '../../src/engine/select-features.js';
import type { Feature } from '../../src/features/types.js';
import { optionsSchema } from '../../src/options/schema.js';

const options = optionsSchema.parse({ name: 'svc', auth: 'jwt' });

function feature(id: string, settings: Partial<Feature> = {}): Feature {
  return {
    id,
    description: id,
    when: () => true,
    dependencies: [],
    devDependencies: [],
    env: [],
    templates: id,
    ...settings,
  };
}

describe('selectFeatures', () => {
  it('keeps the features of the registry whose condition the options meet', () => {
    const registry = [feature('base'), feature('tokens', { when: (chosen) => chosen.auth === 'session' })];
    expect(selectFeatures(registry, options).map(({ id }) => id)).toEqual(['base']);
  });

  it('puts each feature after the features it requires, whatever order the registry lists them in', () => {
    const registry = [
      feature('tokens', { requires: ['users'] }),
      feature('users', { requires: ['base'] }),
      feature('base'),
    ];
    expect(selectFeatures(registry, options).map(({ id }) => id)).toEqual(['base', 'users', 'tokens']);
  });

  it('fails when a selected feature requires one that is not selected', () => {
    const registry = [feature('tokens', { requires: ['users'] })];
    expect(() => selectFeatures(registry, options)).toThrow('Feature tokens requires users, which is not selected');
  });

  it('fails when features require each other in a cycle', () => {
    const registry = [feature('a', { requires: ['b'] }), feature('b', { requires: ['a'] })];
    expect(() => selectFeatures(registry, options)).toThrow('Features require each other in a cycle at a');
  });
});

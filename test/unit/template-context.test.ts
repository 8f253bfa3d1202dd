import { describe, expect, it } from 'vitest';
import { templateContext } from '../../src/engine/template-context.js';
import type { Feature, Script } from '../../src/features/types.js';
import { optionsSchema } from '../../src/options/schema.js';

function withScripts(packageManager: string, scripts: Record<string, Script>) {
  const feature: Feature = {
    id: 'tools',
    description: 'tools',
    when: () => true,
    dependencies: [],
    devDependencies: [],
    env: [],
    templates: 'tools',
    scripts,
  };
  const options = optionsSchema.parse({ name: 'svc', packageManager });
  return templateContext({ options, generatorVersion: '0.0.0-test', features: [feature], env: [] });
}

const script = (command: string): Script => ({ command, description: command });

describe('templateContext commands', () => {
  it('offers install and every script of the selected features under its name in camelCase', () => {
    const { commands } = withScripts('npm', { test: script('vitest run'), 'users:create-admin': script('tsx a.ts') });
    expect(commands).toEqual({
      install: 'npm install',
      test: 'npm test',
      usersCreateAdmin: 'npm run users:create-admin',
    });
  });

  it('runs each script with the chosen package manager', () => {
    expect(withScripts('pnpm', { 'oidc:provider': script('tsx p.ts') }).commands).toEqual({
      install: 'pnpm install',
      oidcProvider: 'pnpm oidc:provider',
    });
  });

  it('fails when two scripts would be the same command', () => {
    expect(() => withScripts('npm', { 'db:new': script('a'), 'db-new': script('b') })).toThrow(
      'The script db-new would be commands.dbNew, which is taken',
    );
  });
});

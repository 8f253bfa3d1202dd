import type { EnvVar } from '../features/types.js';

/**
 * .env.example documents every variable the service reads, with what it means and an example value. Every
 * line is commented out, so copying the file to .env changes nothing until a line is uncommented.
 */
export function renderEnvExample(env: readonly EnvVar[]): string {
  const blocks = env.map((variable) => {
    const value = variable.example ?? variable.defaults?.development ?? '';
    return `# ${variable.description}\n# ${variable.name}=${value}\n`;
  });
  return [
    '# Every environment variable the service reads. Copy what you need to .env.',
    '# NODE_ENV picks the defaults (development, test or production); in production secrets have none.',
    '',
    blocks.join('\n'),
  ].join('\n');
}

/**
 * .env is the developer's own file (not committed): it starts with the secrets development needs, so a fresh
 * clone runs without editing anything. Everything else falls back to the development defaults in config.ts.
 */
export function renderDotEnv(env: readonly EnvVar[], makeSecret: () => string): string {
  const secrets = env.filter((variable) => variable.secret);
  const lines = [
    '# Local settings for development. This file is not committed; see .env.example for every variable.',
    ...secrets.map((variable) => `${variable.name}=${makeSecret()}`),
  ];
  return `${lines.join('\n')}\n`;
}

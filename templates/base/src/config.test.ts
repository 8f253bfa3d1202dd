import { describe, expect, it } from 'vitest';

import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('starts in development with its defaults when nothing is set', () => {
    const config = loadConfig({});

    expect(config).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      LOG_LEVEL: 'debug',
      PGLITE_DATA_DIR: '.data/pglite',
      OTEL_ENABLED: false,
    });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('keeps the test database in memory', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).PGLITE_DATA_DIR).toBeUndefined();
  });

  it('lets the environment override a default, and treats an empty value as unset', () => {
    const config = loadConfig({ NODE_ENV: 'development', PORT: '8080', LOG_LEVEL: '' });

    expect(config.PORT).toBe(8080);
    expect(config.LOG_LEVEL).toBe('debug');
  });

  it('turns CORS_ORIGINS into a list and boolean words into booleans', () => {
    const config = loadConfig({ CORS_ORIGINS: 'https://a.example, https://b.example', TRUST_PROXY: 'true' });

    expect(config.CORS_ORIGINS).toEqual(['https://a.example', 'https://b.example']);
    expect(config.TRUST_PROXY).toBe(true);
  });

  it('names every bad variable at once', () => {
    const load = () => loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', RATE_LIMIT_MAX: '-1', OTEL_ENABLED: 'maybe' });

    expect(load).toThrow(ConfigError);
    const problems = captureProblems(load);
    expect(problems.map((problem) => problem.split(':')[0])).toEqual([
      'PORT',
      'LOG_LEVEL',
      'RATE_LIMIT_MAX',
      'OTEL_ENABLED',
    ]);
  });

  it('requires DATABASE_URL in production', () => {
    const problems = captureProblems(() => loadConfig({ NODE_ENV: 'production' }));

    expect(problems).toEqual([expect.stringMatching(/^DATABASE_URL: is required in production/)]);
  });

  it('starts in production once DATABASE_URL is set', () => {
    const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://app:secret@db:5432/app' });

    expect(config).toMatchObject({ HOST: '0.0.0.0', LOG_LEVEL: 'info', CORS_ORIGINS: [] });
  });

  it('rejects a DATABASE_URL that is not a postgres URL', () => {
    const problems = captureProblems(() => loadConfig({ DATABASE_URL: 'mysql://db/app' }));

    expect(problems).toEqual([expect.stringMatching(/^DATABASE_URL: /)]);
  });

  it('rejects an unknown NODE_ENV', () => {
    const problems = captureProblems(() => loadConfig({ NODE_ENV: 'staging' }));

    expect(problems[0]).toMatch(/^NODE_ENV: /);
  });
});

function captureProblems(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

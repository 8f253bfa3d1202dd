import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { detectPackageManager, resolveOptions, type CreateRequest, type Prompter } from '../../src/options/resolve.js';
import { optionsSchema, presetSchema } from '../../src/options/schema.js';
import { loadPreset } from '../../src/options/presets.js';

const refusingPrompter: Prompter = {
  text: () => Promise.reject(new Error('asked a question')),
  select: () => Promise.reject(new Error('asked a question')),
};

function request(overrides: Partial<CreateRequest> = {}): CreateRequest {
  return { directory: 'svc', choices: {}, install: true, git: true, interactive: false, cwd: '/tmp', ...overrides };
}

describe('options schema', () => {
  it('fills every default for a bare name', () => {
    expect(optionsSchema.parse({ name: 'svc' })).toEqual({
      name: 'svc',
      auth: 'none',
      cache: 'none',
      queue: 'none',
      search: 'none',
      packageManager: 'npm',
      install: true,
      git: true,
    });
  });

  it('accepts every value the design lists, so later features only add implementations', () => {
    for (const auth of ['none', 'session', 'jwt', 'api-key', 'oidc'])
      expect(optionsSchema.parse({ name: 'a', auth }).auth).toBe(auth);
    for (const cache of ['none', 'memory', 'redis'])
      expect(optionsSchema.parse({ name: 'a', cache }).cache).toBe(cache);
    for (const queue of ['none', 'pg-boss', 'bullmq'])
      expect(optionsSchema.parse({ name: 'a', queue }).queue).toBe(queue);
    for (const search of ['none', 'postgres', 'elasticsearch'])
      expect(optionsSchema.parse({ name: 'a', search }).search).toBe(search);
  });

  it.each(['My-App', '.dot', '_under', 'has space', 'a'.repeat(215), 'node_modules', ''])(
    'rejects the package name %j',
    (name) => {
      expect(optionsSchema.safeParse({ name }).success).toBe(false);
    },
  );

  it.each(['svc', 'my-app', 'app.v2', '@team/orders', 'a_b'])('accepts the package name %j', (name) => {
    expect(optionsSchema.safeParse({ name }).success).toBe(true);
  });

  it('rejects unknown keys in a preset', () => {
    expect(presetSchema.safeParse({ options: { database: 'mysql' } }).success).toBe(false);
  });
});

describe('resolveOptions', () => {
  it('takes the name from the directory', async () => {
    const { options, targetDir } = await resolveOptions(request({ directory: 'nested/orders-api' }), refusingPrompter);
    expect(options.name).toBe('orders-api');
    expect(targetDir).toBe('/tmp/nested/orders-api');
  });

  it('lets flags override the preset', async () => {
    const { options } = await resolveOptions(
      request({ preset: 'minimal', install: false, git: false }),
      refusingPrompter,
    );
    expect(options).toMatchObject({ auth: 'none', install: false, git: false });
  });

  it('refuses an unknown value before anything else happens', async () => {
    await expect(resolveOptions(request({ choices: { cache: 'memcached' } }), refusingPrompter)).rejects.toThrow(
      /Unknown value "memcached" for --cache; expected one of: none, memory, redis/,
    );
  });

  it('never prompts without a terminal: it takes the defaults and says which', async () => {
    const { options, defaulted } = await resolveOptions(request(), refusingPrompter);
    expect(options.auth).toBe('none');
    expect(options.cache).toBe('none');
    expect(options.queue).toBe('none');
    expect(options.search).toBe('none');
    expect(defaulted).toEqual(['auth', 'cache', 'queue', 'search']);
  });

  it('asks only the questions with more than one built answer, offering just those answers', async () => {
    const asked: { question: string; values: string[] }[] = [];
    const prompter: Prompter = {
      ...refusingPrompter,
      select: async (question, values) => {
        asked.push({ question, values: values.map((value) => value.value) });
        if (question === 'Which job queue?') return 'pg-boss';
        if (question === 'Which full-text search?') return 'postgres';
        return question === 'Which cache?' ? 'redis' : 'jwt';
      },
    };
    const { options, defaulted } = await resolveOptions(request({ interactive: true }), prompter);
    expect(asked).toEqual([
      { question: 'How do clients authenticate?', values: ['none', 'session', 'jwt', 'api-key', 'oidc'] },
      { question: 'Which cache?', values: ['none', 'memory', 'redis'] },
      { question: 'Which job queue?', values: ['none', 'pg-boss', 'bullmq'] },
      { question: 'Which full-text search?', values: ['none', 'postgres', 'elasticsearch'] },
    ]);
    expect(options.auth).toBe('jwt');
    expect(options.cache).toBe('redis');
    expect(options.queue).toBe('pg-boss');
    expect(options.search).toBe('postgres');
    expect(defaulted).toEqual([]);
  });

  it('asks for the directory when interactive and none was given', async () => {
    const prompter: Prompter = {
      text: async () => 'asked-name',
      select: async (_question, values) => values[0]!.value,
    };
    const { options } = await resolveOptions(request({ directory: undefined, interactive: true }), prompter);
    expect(options.name).toBe('asked-name');
  });

  it('throws a UserError when the directory is missing and it cannot ask', async () => {
    await expect(resolveOptions(request({ directory: undefined }), refusingPrompter)).rejects.toBeInstanceOf(UserError);
  });

  it('uses the package manager that runs it unless --pm says otherwise', async () => {
    const detected = await resolveOptions(
      request({ userAgent: 'pnpm/9.12.0 npm/? node/v20.19.0 linux x64' }),
      refusingPrompter,
    );
    expect(detected.options.packageManager).toBe('pnpm');
    const forced = await resolveOptions(
      request({ userAgent: 'pnpm/9.12.0', packageManager: 'yarn' }),
      refusingPrompter,
    );
    expect(forced.options.packageManager).toBe('yarn');
  });
});

describe('detectPackageManager', () => {
  it.each([
    ['npm/11.1.0 node/v20.19.0 linux x64 workspaces/false', 'npm'],
    ['yarn/1.22.22 npm/? node/v20.19.0 linux x64', 'yarn'],
    ['bun/1.1.0', undefined],
    [undefined, undefined],
  ])('reads %j as %j', (agent, expected) => {
    expect(detectPackageManager(agent)).toBe(expected);
  });
});

describe('presets', () => {
  it('loads the built-in minimal preset', () => {
    expect(loadPreset('minimal').options).toEqual({ auth: 'none', cache: 'none', queue: 'none', search: 'none' });
  });

  it('refuses an unknown preset, naming the ones that exist', () => {
    expect(() => loadPreset('nope')).toThrow(/Unknown preset "nope"; available presets: .*minimal/);
  });

  it('refuses a preset file that cannot be read', () => {
    expect(() => loadPreset('./missing.json', '/tmp')).toThrow(/Cannot read the preset file/);
  });
});

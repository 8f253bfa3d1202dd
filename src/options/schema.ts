import { z } from 'zod';

/**
 * Every choice a user makes about a service, described once. The zod schema, the CLI flags, the prompts
 * and the presets are all derived from this table, so a new value is added in exactly one place.
 */
export const choices = {
  auth: {
    flag: '--auth <style>',
    question: 'How do clients authenticate?',
    values: {
      none: 'No authentication',
      session: 'Server-side sessions in a signed cookie',
      jwt: 'Short-lived JWT access tokens with rotating refresh tokens',
      'api-key': 'Hashed API keys with scopes, for service-to-service calls',
      oidc: 'Single sign-on through an OpenID Connect provider',
    },
  },
  cache: {
    flag: '--cache <store>',
    question: 'Which cache?',
    values: {
      none: 'No cache',
      memory: 'In-process memory cache',
      redis: 'Redis (also backs sessions and rate limits)',
    },
  },
  queue: {
    flag: '--queue <queue>',
    question: 'Which job queue?',
    values: {
      none: 'No background jobs',
      'pg-boss': 'pg-boss, a queue on Postgres',
      bullmq: 'BullMQ, a queue on Redis',
    },
  },
  search: {
    flag: '--search <engine>',
    question: 'Which full-text search?',
    values: {
      none: 'No search',
      postgres: 'Postgres full-text search with ranking and typo tolerance',
      elasticsearch: 'Elasticsearch',
    },
  },
} as const;

export type ChoiceKey = keyof typeof choices;
export const choiceKeys = Object.keys(choices) as ChoiceKey[];

type ValueOf<K extends ChoiceKey> = keyof (typeof choices)[K]['values'] & string;

function enumOf<K extends ChoiceKey>(key: K) {
  const values = Object.keys(choices[key].values) as [ValueOf<K>, ...ValueOf<K>[]];
  return z.enum(values);
}

/**
 * The languages PostgreSQL (15 and later) has a text search configuration for, each stemming its own words;
 * `simple` stems nothing. `--search-language` picks the one full-text search uses (english unless given).
 */
export const searchLanguages = [
  'simple',
  'arabic',
  'armenian',
  'basque',
  'catalan',
  'danish',
  'dutch',
  'english',
  'finnish',
  'french',
  'german',
  'greek',
  'hindi',
  'hungarian',
  'indonesian',
  'irish',
  'italian',
  'lithuanian',
  'nepali',
  'norwegian',
  'portuguese',
  'romanian',
  'russian',
  'serbian',
  'spanish',
  'swedish',
  'tamil',
  'turkish',
  'yiddish',
] as const;
export type SearchLanguage = (typeof searchLanguages)[number];

/** Those Elasticsearch has a stemmer for (its `stemmer` token filter), and `simple`, which needs none. */
export const elasticsearchLanguages = searchLanguages.filter(
  (language) => language !== 'nepali' && language !== 'tamil' && language !== 'yiddish',
);

export const packageManagers = ['npm', 'pnpm', 'yarn'] as const;
export type PackageManager = (typeof packageManagers)[number];

const npmNameRules =
  'lower case letters, digits, "-", "." and "_", not starting with "." or "_", at most 214 characters';

/** The rules npm applies to a package name (validate-npm-package-name, for new packages). */
export const packageNameSchema = z
  .string()
  .min(1, 'the name is empty')
  .max(214, 'the name is longer than 214 characters')
  .regex(/^(?:@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/, `use ${npmNameRules}`)
  .refine((name) => !['node_modules', 'favicon.ico'].includes(name), 'the name is reserved');

const choiceFields = {
  auth: enumOf('auth'),
  cache: enumOf('cache'),
  queue: enumOf('queue'),
  search: enumOf('search'),
  searchLanguage: z.enum(searchLanguages),
  packageManager: z.enum(packageManagers),
  install: z.boolean(),
  git: z.boolean(),
};

export const optionsSchema = z
  .object({
    name: packageNameSchema,
    auth: choiceFields.auth.default('none'),
    cache: choiceFields.cache.default('none'),
    queue: choiceFields.queue.default('none'),
    search: choiceFields.search.default('none'),
    // Recorded only when given: english otherwise.
    searchLanguage: choiceFields.searchLanguage.optional(),
    packageManager: choiceFields.packageManager.default('npm'),
    install: choiceFields.install.default(true),
    git: choiceFields.git.default(true),
  })
  .strict();

export type Options = z.output<typeof optionsSchema>;
export type OptionsInput = z.input<typeof optionsSchema>;

/**
 * A preset fixes some options for every service a team starts; it never names the service. Its fields have
 * no defaults, so that what a preset leaves out stays open for flags, prompts and detection.
 */
export const presetSchema = z
  .object({
    description: z.string().optional(),
    options: z.object(choiceFields).partial().strict(),
  })
  .strict();

export type Preset = z.output<typeof presetSchema>;

const packageMap = (what: string) =>
  z.record(
    packageNameSchema,
    z
      .string()
      .trim()
      .min(1, `give each ${what} a version range`)
      .regex(/^[^\n]*$/, 'one line'),
  );

/**
 * What a team preset adds to the generated package.json: its own packages (an internal logging convention, a
 * linter config) and scripts. Merged by structure like the rest of the file, so `backend upgrade` brings a new
 * version of them in beside the developer's own additions.
 */
export const packageAdditionsSchema = z
  .object({
    dependencies: packageMap('dependency').optional(),
    devDependencies: packageMap('dev dependency').optional(),
    scripts: z
      .record(z.string().regex(/^[\w:.-]+$/, 'use letters, digits, ":", ".", "-" and "_"'), z.string().min(1))
      .optional(),
  })
  .strict();

export type PackageAdditions = z.output<typeof packageAdditionsSchema>;

/** A team preset's preset.json: a preset, and what it adds to package.json. */
export const teamPresetSchema = presetSchema.extend({ packageJson: packageAdditionsSchema.optional() }).strict();

/** Turns zod issues into one readable line: `auth: expected one of ...; cache: ...`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.join('.');
      // A record's key that fails its schema carries that schema's own words inside.
      const message =
        issue.code === 'invalid_key' ? issue.issues.map((inner) => inner.message).join(', ') : issue.message;
      return where ? `${where}: ${message}` : message;
    })
    .join('; ');
}

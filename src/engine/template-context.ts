import { allFeatures } from '../features/index.js';
import { allRoles, type Environment, type EnvVar, type GenerationContext, type Script } from '../features/types.js';
import type { PackageManager, SearchLanguage } from '../options/schema.js';
import { markdownTable } from './markdown.js';

const environments: readonly Environment[] = ['development', 'test', 'production'];

/** Variables production must be given: secrets, and those with a local fallback only (DATABASE_URL...). */
function requiredInProduction(variable: EnvVar): boolean {
  return Boolean(variable.requiredInProduction || variable.secret);
}

/**
 * Everything templates see. Anything that needs a decision (which defaults go where, how a table is laid
 * out, how a script is called) is worked out here, so templates only insert values and loop.
 */
export function templateContext(context: GenerationContext) {
  const { options, env } = context;
  // What production must be given besides what the templates set themselves.
  const requiredSettings = env.filter((variable) => requiredInProduction(variable) && !variable.setByTemplates);
  const scripts = collectScripts(context);
  return {
    name: options.name,
    options,
    generatorVersion: context.generatorVersion,
    config: {
      schema: env.map(({ name, schema }) => ({ name, schema })),
      defaults: environments.map((environment) => ({
        environment,
        values: env.flatMap(({ name, defaults }) => {
          const value = defaults?.[environment];
          return value === undefined ? [] : [{ name, value }];
        }),
      })),
      requiredInProduction: arrayLiteral(
        'const requiredInProduction: readonly (keyof Config)[] = ',
        env.filter(requiredInProduction).map((variable) => `'${variable.name}'`),
      ),
      // For the service's tests: the secrets development reads from .env, and everything production must be
      // given besides what the templates set themselves, each with its test value.
      secrets: withTestValues(env.filter((variable) => variable.secret)),
      // For docker-compose.yml, which runs the service with NODE_ENV=production: secrets from .env (compose reads
      // it), other required settings at their development value.
      composeSettings: requiredSettings.map(({ name, secret, defaults }) => ({
        name,
        value: secret ? `'\${${name}:?${name} is not set, see .env}'` : `'${defaults?.development ?? ''}'`,
      })),
      productionSettings: withTestValues(requiredSettings, 'production'),
      // For the tests that run the app as in production: what the templates set themselves (a REDIS_URL), at its
      // test value. DATABASE_URL is not among them: the tests hand the app its database.
      templateSettings: withTestValues(
        env.filter(
          (variable) => requiredInProduction(variable) && variable.setByTemplates && variable.name !== 'DATABASE_URL',
        ),
        'production',
      ),
    },
    envTable: markdownTable(
      ['variable', ...environments, 'meaning'],
      env.map((variable) => [
        `\`${variable.name}\``,
        ...environments.map((environment) => describeDefault(variable, environment)),
        variable.description,
      ]),
    ),
    scriptsTable: markdownTable(
      ['script', 'what it does'],
      Object.entries(scripts).map(([name, script]) => [
        `\`${[runScript(options.packageManager, name), script.arguments].filter(Boolean).join(' ')}\``,
        script.description,
      ]),
    ),
    // Which features this service has, `cacheRedis: true`: every feature is named, as templates render strictly.
    features: Object.fromEntries(
      allFeatures.map(({ id }) => [camelCase(id), context.features.some((f) => f.id === id)]),
    ),
    contributions: collectContributions(context),
    // PostgreSQL's text search configuration of --search postgres, and its stemming dictionary.
    searchLanguage: textSearchLanguage(options.searchLanguage ?? 'english'),
    // The first part of the names of Elasticsearch's indexes: the name without an npm scope, which has a slash.
    searchIndexPrefix: options.name.replace(/^@[^/]*\//, ''),
    commands: commandsFor(options.packageManager, Object.keys(scripts)),
  };
}

/** What the features plug into the base files, gathered in feature order for the base templates to list. */
function collectContributions({ features, options }: Pick<GenerationContext, 'features' | 'options'>) {
  const all = features.map((feature) => feature.contributes ?? {});
  const permissions = all.flatMap((contributions) => contributions.permissions ?? []);
  const security = all.find((contributions) => contributions.openapiSecurity)?.openapiSecurity;
  // Every member present, as templates render strictly.
  const services = all
    .flatMap((contributions) => contributions.services ?? [])
    .map((service) => ({
      ...service,
      inDatabase: service.inDatabase ?? false,
      handedToJobs: service.handedToJobs ?? false,
      readiness: service.readiness ? { throughDatabase: false, ...service.readiness } : (false as const),
      connectArguments: service.inDatabase ? 'config, logger, database' : 'config, logger',
    }));
  return {
    plugins: all.flatMap((contributions) =>
      (contributions.plugins ?? []).map((plugin) => ({
        ...plugin,
        options: typeof plugin.options === 'string' ? plugin.options : plugin.options(options),
      })),
    ),
    modules: all.flatMap((contributions) => contributions.modules ?? []),
    tables: all.flatMap((contributions) => contributions.tables ?? []),
    permissions: permissions.map(({ name, roles, description }) => ({
      name,
      description,
      roles: roles.map((role) => `'${role}'`).join(', '),
    })),
    // The same grants, by role, for the README.
    permissionsTable: markdownTable(
      ['role', 'permissions'],
      allRoles.map((role) => [
        `\`${role}\``,
        permissions
          .filter((permission) => permission.roles.includes(role))
          .map((permission) => `\`${permission.name}\``)
          .join(', '),
      ]),
    ),
    openapiSecurity: security ?? false,
    composeServices: all.flatMap((contributions) => contributions.composeServices ?? []),
    rateLimitStore: all.find((contributions) => contributions.rateLimitStore)?.rateLimitStore ?? false,
    idempotencyStore: all.find((contributions) => contributions.idempotencyStore)?.idempotencyStore ?? false,
    pgliteExtensions: all.flatMap((contributions) => contributions.pgliteExtensions ?? []),
    services,
    // The order in which they are closed: the reverse of the order they are connected in.
    servicesClosing: [...services].reverse(),
    // Those that jobs are given besides the database, in the order they are connected.
    jobServices: services.filter((service) => service.handedToJobs),
    // One service by its name, for a template that needs that one (`servicesByName.queue.connectFrom`).
    servicesByName: Object.fromEntries(services.map((service) => [service.name, service])),
    // The /ready checks that fail when the database does, besides its own.
    checksThroughDatabase: services.flatMap(({ readiness }) =>
      readiness && readiness.throughDatabase ? [readiness.name] : [],
    ),
  };
}

export function collectScripts(context: Pick<GenerationContext, 'features'>): Record<string, Script> {
  return Object.assign({}, ...context.features.map((feature) => feature.scripts ?? {})) as Record<string, Script>;
}

/**
 * How the README tells a user to run things: `install`, and each script under its name in camelCase
 * (`users:create-admin` is `commands.usersCreateAdmin`). Templates render strictly, so one that names a
 * script no selected feature declares fails to render instead of printing nothing.
 */
function commandsFor(packageManager: PackageManager, scripts: readonly string[]): Record<string, string> {
  const commands: Record<string, string> = { install: `${packageManager} install` };
  for (const script of scripts) {
    const name = camelCase(script);
    if (name in commands) throw new Error(`The script ${script} would be commands.${name}, which is taken`);
    commands[name] = runScript(packageManager, script);
  }
  return commands;
}

/** `users:create-admin` -> `usersCreateAdmin`: separators (`:`, `-`...) drop and the letter after each is capitalised. */
function camelCase(script: string): string {
  return script.replace(/[^a-zA-Z0-9]+([a-zA-Z0-9])/g, (_, next: string) => next.toUpperCase());
}

/** How the README tells a user to run a script with their package manager. */
export function runScript(packageManager: PackageManager, script: string): string {
  if (packageManager !== 'npm') return `${packageManager} ${script}`;
  return script === 'start' || script === 'test' ? `npm ${script}` : `npm run ${script}`;
}

function withTestValues(variables: readonly EnvVar[], runAs: 'test' | 'production' = 'test') {
  return variables.map((variable) => {
    const value = (runAs === 'production' ? variable.productionTestValue : undefined) ?? variable.defaults?.test;
    if (value === undefined) throw new Error(`${variable.name} needs a test default`);
    return { name: variable.name, value };
  });
}

function describeDefault(variable: EnvVar, environment: Environment): string {
  if (variable.name === 'NODE_ENV')
    return environment === 'development' ? '`development` (when unset)' : `\`${environment}\``;
  const value = variable.defaults?.[environment];
  if (variable.secret && environment === 'development') return 'generated into `.env`';
  if (value === '') return 'empty';
  if (value !== undefined) return `\`${value}\``;
  if (environment === 'production' && requiredInProduction(variable)) return '**required**';
  return variable.unsetMeans ? `unset: ${variable.unsetMeans}` : 'unset';
}

/**
 * `prefix` and an array literal of `items`, laid out as Prettier would (printWidth 120): on one line when it
 * fits, else one item per line. The generated files must pass `prettier --check` as they are written.
 */
function arrayLiteral(prefix: string, items: readonly string[]): string {
  const oneLine = `${prefix}[${items.join(', ')}];`;
  return oneLine.length <= 120 ? oneLine : `${prefix}[\n${items.map((item) => `  ${item},\n`).join('')}];`;
}

/** The service's search language: PostgreSQL's stemming dictionary of it, and Elasticsearch's stemmer (none for simple). */
function textSearchLanguage(name: SearchLanguage) {
  return {
    name,
    dictionary: name === 'simple' ? 'simple' : `${name}_stem`,
    stemmer: name === 'simple' ? false : name,
  };
}

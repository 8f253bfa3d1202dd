import { basename, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { availableValues } from '../features/index.js';
import { loadPreset } from './presets.js';
import { fetchTeamPreset, isGitSource, type TeamPreset } from './team-preset.js';
import {
  choiceKeys,
  choices,
  describeIssues,
  optionsSchema,
  packageManagers,
  packageNameSchema,
  elasticsearchLanguages,
  searchLanguages,
  type ChoiceKey,
  type Options,
  type PackageManager,
  type SearchLanguage,
} from './schema.js';

/** What the command line said, before presets, prompts and defaults are applied. */
export interface CreateRequest {
  directory?: string;
  preset?: string;
  choices: Partial<Record<ChoiceKey, string>>;
  packageManager?: string;
  /** `--search-language`: PostgreSQL's text search configuration for full-text search */
  searchLanguage?: string;
  install: boolean;
  git: boolean;
  /** Prompts run only when stdin is a terminal and --yes was not given. */
  interactive: boolean;
  cwd: string;
  userAgent?: string;
}

/** Asks the user; the CLI passes one backed by @clack/prompts, tests pass scripted answers. */
export interface Prompter {
  text(question: string, placeholder: string): Promise<string>;
  select(question: string, values: { value: string; hint: string }[]): Promise<string>;
}

export interface ResolvedRequest {
  options: Options;
  targetDir: string;
  /** The choices that took their default because nobody could be asked. */
  defaulted: ChoiceKey[];
  /** The team preset fetched from git, whose files go into the service. */
  team?: TeamPreset;
}

export async function resolveOptions(request: CreateRequest, prompter: Prompter): Promise<ResolvedRequest> {
  const directory = request.directory ?? (await askDirectory(request, prompter));
  const targetDir = resolve(request.cwd, directory);
  const name = basename(targetDir);
  const nameCheck = packageNameSchema.safeParse(name);
  if (!nameCheck.success) {
    throw new UserError(`Invalid project name "${name}": ${describeIssues(nameCheck.error)}.`);
  }

  for (const key of choiceKeys) {
    const value = request.choices[key];
    if (value !== undefined) assertKnownValue(key, value);
  }
  const team = request.preset && isGitSource(request.preset) ? await fetchTeamPreset(request.preset) : undefined;
  const preset = team?.preset ?? (request.preset ? loadPreset(request.preset, request.cwd) : undefined);
  const packageManager = pickPackageManager(request, preset?.options.packageManager);

  const chosen: Partial<Record<ChoiceKey, string>> = {};
  const defaulted: ChoiceKey[] = [];
  for (const key of choiceKeys) {
    const value = request.choices[key] ?? preset?.options[key];
    if (value !== undefined) {
      chosen[key] = value;
      continue;
    }
    const offered = availableValues(key);
    if (offered.length > 1 && request.interactive) {
      chosen[key] = await prompter.select(
        choices[key].question,
        offered.map((value) => ({ value, hint: describeValue(key, value) })),
      );
    } else if (offered.length > 1) {
      defaulted.push(key);
    }
  }

  for (const key of choiceKeys) {
    const value = chosen[key];
    if (value !== undefined && !availableValues(key).includes(value)) {
      throw new UserError(
        `${choices[key].flag.split(' ')[0]} ${value} is not built yet; available now: ${availableValues(key).join(', ')}.`,
      );
    }
  }

  const searchLanguage = pickSearchLanguage(request.searchLanguage ?? preset?.options.searchLanguage, chosen.search);
  const parsed = optionsSchema.safeParse({
    name,
    ...chosen,
    ...(searchLanguage ? { searchLanguage } : {}),
    packageManager,
    install: preset?.options.install === false ? false : request.install,
    git: preset?.options.git === false ? false : request.git,
  });
  if (!parsed.success) throw new UserError(`Invalid options: ${describeIssues(parsed.error)}.`);
  return { options: parsed.data, targetDir, defaulted, ...(team ? { team } : {}) };
}

async function askDirectory(request: CreateRequest, prompter: Prompter): Promise<string> {
  if (!request.interactive) {
    throw new UserError('Missing the project directory: run `create-backend <directory>`.');
  }
  const answer = (await prompter.text('Where should the service be created?', 'my-service')).trim();
  return answer || 'my-service';
}

function assertKnownValue(key: ChoiceKey, value: string): void {
  const known = Object.keys(choices[key].values);
  if (!known.includes(value)) {
    const flag = choices[key].flag.split(' ')[0];
    throw new UserError(`Unknown value "${value}" for ${flag}; expected one of: ${known.join(', ')}.`);
  }
}

function describeValue(key: ChoiceKey, value: string): string {
  return (choices[key].values as Record<string, string>)[value] ?? value;
}

function pickSearchLanguage(language: string | undefined, search: string | undefined): SearchLanguage | undefined {
  if (language === undefined) return undefined;
  if (!(searchLanguages as readonly string[]).includes(language)) {
    throw new UserError(
      `Unknown value "${language}" for --search-language; expected one of: ${searchLanguages.join(', ')}.`,
    );
  }
  if (search !== 'postgres' && search !== 'elasticsearch') {
    throw new UserError(
      '--search-language sets the language of full-text search: give --search postgres or elasticsearch.',
    );
  }
  if (search === 'elasticsearch' && !(elasticsearchLanguages as readonly string[]).includes(language)) {
    throw new UserError(
      `Elasticsearch has no stemmer for ${language}; with --search elasticsearch, --search-language is one of: ` +
        `${elasticsearchLanguages.join(', ')}.`,
    );
  }
  return language as SearchLanguage;
}

function pickPackageManager(request: CreateRequest, fromPreset: PackageManager | undefined): PackageManager {
  if (request.packageManager !== undefined) {
    if (!(packageManagers as readonly string[]).includes(request.packageManager)) {
      throw new UserError(
        `Unknown value "${request.packageManager}" for --pm; expected one of: ${packageManagers.join(', ')}.`,
      );
    }
    return request.packageManager as PackageManager;
  }
  return fromPreset ?? detectPackageManager(request.userAgent) ?? 'npm';
}

/** `npm_config_user_agent` looks like `pnpm/9.1.0 npm/? node/v20.19.0 linux x64`. */
export function detectPackageManager(userAgent: string | undefined): PackageManager | undefined {
  const name = userAgent?.split('/')[0];
  return (packageManagers as readonly string[]).includes(name ?? '') ? (name as PackageManager) : undefined;
}

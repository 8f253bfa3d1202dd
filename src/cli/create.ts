import { Command, Option } from 'commander';
import { createProject } from '../create.js';
import { builtInPresetNames } from '../options/presets.js';
import { resolveOptions } from '../options/resolve.js';
import { choiceKeys, choices, packageManagers, searchLanguages } from '../options/schema.js';
import { generatorVersion } from '../paths.js';
import { consoleOutput, runAtTheEdge, type Output } from './output.js';

interface CreateFlags {
  preset?: string;
  auth?: string;
  cache?: string;
  queue?: string;
  search?: string;
  searchLanguage?: string;
  pm?: string;
  install: boolean;
  git: boolean;
  yes?: boolean;
  dryRun?: boolean;
}

export function createProgram(): Command {
  const program = new Command('create-backend')
    .description('Generate a layered, production-grade TypeScript backend service.')
    .version(generatorVersion, '-v, --version')
    .argument('[directory]', 'where to create the service; its name becomes the package name')
    .option(
      '--preset <name|file|git>',
      `start from a preset: ${builtInPresetNames().join(', ')}, a JSON file, or a team's from git ` +
        '(github:acme/backend-standard#v3)',
    );
  for (const key of choiceKeys) {
    const values = Object.keys(choices[key].values).join(', ');
    program.addOption(new Option(choices[key].flag, `${choices[key].question} (${values})`));
  }
  return program
    .addOption(
      new Option(
        '--search-language <language>',
        `the language of full-text search, whose words are stemmed (${searchLanguages.join(', ')}); default: english`,
      ),
    )
    .addOption(
      new Option('--pm <manager>', `package manager (${packageManagers.join(', ')}); default: the one running this`),
    )
    .option('--no-install', 'do not install dependencies')
    .option('--no-git', 'do not create a git repository')
    .option('-y, --yes', 'never prompt; use the preset, flags and defaults')
    .option('--dry-run', 'list every file that would be written, with its size, and write nothing')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  create-backend orders-api                  ask for what is not given (on a terminal)',
        '  create-backend orders-api --preset minimal --yes',
        '  create-backend orders-api --preset ./team-preset.json --dry-run',
        '  create-backend orders-api --preset github:acme/backend-standard#v3 --yes',
        '',
        'Flags override the preset; prompts ask only for the rest, and only on a terminal without --yes.',
      ].join('\n'),
    )
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ writeErr: () => {} });
}

export async function runCreate(argv: string[], output: Output = consoleOutput): Promise<void> {
  process.exitCode = await runAtTheEdge(async () => {
    const program = createProgram();
    program.configureOutput({ writeOut: (text) => process.stdout.write(text), writeErr: () => {} });
    program.parse(argv);
    const flags = program.opts<CreateFlags>();
    const interactive = Boolean(process.stdin.isTTY) && !flags.yes;
    const { clackPrompter } = interactive ? await import('./prompter.js') : { clackPrompter: undefined };
    const resolved = await resolveOptions(
      {
        directory: program.args[0],
        preset: flags.preset,
        choices: { auth: flags.auth, cache: flags.cache, queue: flags.queue, search: flags.search },
        packageManager: flags.pm,
        searchLanguage: flags.searchLanguage,
        install: flags.install,
        git: flags.git,
        interactive,
        cwd: process.cwd(),
        userAgent: process.env.npm_config_user_agent,
      },
      clackPrompter ?? noPrompter,
    );
    if (resolved.defaulted.length > 0 && !flags.yes) {
      output.info(
        `stdin is not a terminal, so nothing was asked: using defaults for ${resolved.defaulted.join(', ')}.`,
      );
    }
    await createProject({
      options: resolved.options,
      team: resolved.team,
      targetDir: resolved.targetDir,
      dryRun: Boolean(flags.dryRun),
      cwd: process.cwd(),
      output,
      progress: process.stdout.isTTY ? await spinnerProgress() : undefined,
    });
  }, output);
}

const noPrompter = {
  text: () => Promise.reject(new Error('no prompts without a terminal')),
  select: () => Promise.reject(new Error('no prompts without a terminal')),
};

async function spinnerProgress() {
  const { spinner } = await import('@clack/prompts');
  return (message: string) => {
    const running = spinner();
    running.start(message);
    return { stop: (done: string) => running.stop(done) };
  };
}

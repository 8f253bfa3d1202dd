import { relative } from 'node:path';
import type { Output } from './cli/output.js';
import { assertTargetIsFree, commitTree } from './engine/commit.js';
import { formatTree } from './engine/format.js';
import { plan } from './engine/plan.js';
import { renderedPath } from './engine/render.js';
import { byteLength, type Tree } from './engine/tree.js';
import { UserError } from './errors.js';
import { allFeatures } from './features/index.js';
import type { Options } from './options/schema.js';
import type { TeamPreset } from './options/team-preset.js';

export interface CreateSettings {
  options: Options;
  /** The team preset from git the service starts from, if any. */
  team?: TeamPreset;
  targetDir: string;
  dryRun: boolean;
  cwd: string;
  output: Output;
  /** Shows progress while a slow step runs; the CLI passes a spinner. */
  progress?: (message: string) => { stop(message: string): void };
}

/** Plans the project, writes it atomically, installs its dependencies and makes the first commit. */
export async function createProject(settings: CreateSettings): Promise<void> {
  const { options, targetDir, output } = settings;
  await assertTargetIsFree(targetDir);
  const tree = plan(options, allFeatures, undefined, settings.team);
  await formatTree(tree);
  if (settings.team) describeTeamPreset(settings.team, tree, output);

  if (settings.dryRun) {
    let total = 0;
    for (const entry of tree.entries()) {
      const size = byteLength(entry.content);
      total += size;
      output.info(`${String(size).padStart(8)}  ${entry.path}`);
    }
    output.info(
      `Dry run: ${tree.entries().length} files, ${total} bytes would be written to ${targetDir}; nothing was written.`,
    );
    return;
  }

  if (options.install) await (await loadPostTasks()).assertPackageManagerAvailable(options.packageManager);
  await commitTree(tree, targetDir);
  output.info(`Created ${options.name} in ${targetDir} (${tree.entries().length} files).`);

  const displayDir = relative(settings.cwd, targetDir) || '.';
  const run = (script: string) =>
    options.packageManager === 'npm' ? `npm run ${script}` : `${options.packageManager} ${script}`;

  if (options.install) {
    const spinner = settings.progress?.(`Installing dependencies with ${options.packageManager}`);
    const result = await (await loadPostTasks()).installDependencies(targetDir, options.packageManager);
    if (!result.ok) {
      spinner?.stop('Installing dependencies failed');
      output.error(result.tail);
      throw new UserError(
        `${options.packageManager} install failed (its last lines are above); the project is in ${displayDir}: fix the cause, then run \`cd ${displayDir} && ${options.packageManager} install\`.`,
      );
    }
    spinner?.stop('Dependencies installed');
  }

  if (options.git) {
    const { initGitRepository, isInsideGitRepository } = await loadPostTasks();
    if (await isInsideGitRepository(targetDir)) {
      output.info('Skipped git init: the project is inside an existing git repository.');
    } else {
      await initGitRepository(targetDir, 'Initial commit from create-backend');
      output.info('Initialised a git repository with a first commit.');
    }
  }

  output.info('');
  output.info('Next steps:');
  if (displayDir !== '.') output.info(`  cd ${displayDir}`);
  if (!options.install) output.info(`  ${options.packageManager} install`);
  output.info(`  ${run('dev')}      # starts on http://localhost:3000 with an embedded Postgres, no server needed`);
  output.info(`  ${options.packageManager} test`);
  output.info('  open http://localhost:3000/docs for the API documentation');
}

function describeTeamPreset(team: TeamPreset, tree: Tree, output: Output): void {
  const replaced = [...team.overrides.keys()].map(renderedPath).filter((path) => tree.exists(path));
  const packages = Object.keys({ ...team.packageJson?.dependencies, ...team.packageJson?.devDependencies });
  const scripts = Object.keys(team.packageJson?.scripts ?? {});
  const added = [
    ...(packages.length > 0 ? [packages.join(', ')] : []),
    ...(scripts.length > 0 ? [`the script${scripts.length > 1 ? 's' : ''} ${scripts.join(', ')}`] : []),
  ];
  output.info(
    `Team preset ${team.source} at ${team.commit.slice(0, 12)}: ${team.files.size} file(s) of its own` +
      (replaced.length > 0 ? `; its own version of ${replaced.join(', ')}` : '') +
      (added.length > 0 ? `; ${added.join(' and ')} in package.json.` : '.'),
  );
}

/** Install and git need execa, which takes longer to load than the whole plan takes to make: load it only when used. */
function loadPostTasks() {
  return import('./engine/post-tasks.js');
}

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Output } from '../cli/output.js';
import { codemods } from '../engine/codemods.js';
import type { FormatWorker } from '../engine/format-worker.js';
import { manifestPath } from '../engine/manifest-path.js';
import { UserError } from '../errors.js';
import { generatorVersion } from '../paths.js';
import { findProject, type Manifest } from '../project.js';
import { bringIn, refuseDirtyTree, reportAfter } from './bring-in.js';
import { same } from './merge.js';
import { generatorFrom } from './generator-versions.js';
import { renderService } from './render-service.js';
import { recordedTeamPreset, teamPresetLabel } from './team-preset-versions.js';
import { choiceKeys } from '../options/schema.js';
import { fetchTeamPreset, isGitSource, type TeamPreset } from '../options/team-preset.js';

export interface UpgradeRequest {
  cwd: string;
  /**
   * The generator that made the service, when another version than this one: a folder holding its build (a checkout of
   * that version, built), or what npm installs (create-backend@0.2.0, a tarball); by default, its version from npm
   */
  from?: string;
  /** A team preset from git to move to (another ref of the one recorded, or one the service did not start from). */
  preset?: string;
  /** Changes nothing: exits 2 when this version would change files, for CI. */
  check: boolean;
  dryRun: boolean;
  allowDirty: boolean;
}

/**
 * `backend upgrade`: the service as this generator makes it from its record (theirs) against the service as the
 * generator that made it made it (base, rendered by that generator), brought into the files on disk file by file,
 * as `backend add <feature>` does. With --check, says which files would change and exits 2 if any.
 */
export async function upgrade(request: UpgradeRequest, output: Output, worker: FormatWorker): Promise<void> {
  const { root, manifest } = await findProject(request.cwd);
  const made = manifest.generator.version;
  // The generator that made the service renders the base: as given, or that version from npm.
  const render =
    request.from !== undefined
      ? await generatorFrom(request.from, request.cwd)
      : made !== generatorVersion
        ? await generatorFrom(`create-backend@${made}`, request.cwd)
        : undefined;
  if (request.preset !== undefined && !isGitSource(request.preset)) {
    throw new UserError(
      `--preset takes a team preset from git (github:acme/backend-standard#v4), not "${request.preset}"; ` +
        'nothing was written.',
    );
  }
  const baseTeam = await recordedTeamPreset(manifest);
  const source = request.preset ?? manifest.preset?.source;
  const theirsTeam = source ? await fetchTeamPreset(source) : undefined;
  const [base, theirs] = await Promise.all([
    render ? render(manifest, baseTeam) : renderService(manifest, worker, { team: baseTeam }),
    renderService(manifest, worker, { team: theirsTeam }),
  ]);
  const versions = { base: versionOf(made, baseTeam), theirs: versionOf(generatorVersion, theirsTeam) };
  const pending = codemods.filter((codemod) => !(manifest.codemods ?? []).includes(codemod.id));

  if (request.check) {
    // backend.json names the versions, which differ whether or not any file would.
    const changed = [...new Set([...base.keys(), ...theirs.keys()])]
      .filter((path) => path !== '.env' && path !== manifestPath && !same(base.get(path), theirs.get(path)))
      .sort();
    if (changed.length === 0 && pending.length === 0) {
      output.info(`Up to date: ${versions.theirs} would change no file.`);
      return;
    }
    for (const path of changed) output.info(`would change ${path}`);
    for (const codemod of pending) {
      output.info(`would run the codemod ${codemod.id} (the shape of create-backend ${codemod.since})`);
    }
    throw new UserError(
      `${versions.theirs} would change ${changed.length} file(s)` +
        (pending.length > 0 ? ` and run ${pending.length} codemod(s) on the service's code.` : '.'),
      2,
    );
  }

  if (!request.allowDirty && !request.dryRun) await refuseDirtyTree(root); // a dry run writes nothing
  const outcomes = await bringIn(root, base, theirs, {
    labels: versions,
    dryRun: request.dryRun,
    output,
    codemods: {
      pending,
      format: (files) => formatAsTheService(root, files, worker),
    },
  });
  if (request.dryRun) return;
  output.info('');
  output.info(`Upgraded from ${versions.base} to ${versions.theirs}.`);
  if (theirsTeam) describeOptionsOf(theirsTeam, manifest, output);
  reportAfter(outcomes, manifest, output);
}

/** Formats files with Prettier and the service's own settings (.prettierrc.json), as the generator formats. */
async function formatAsTheService(
  root: string,
  files: Map<string, string>,
  worker: FormatWorker,
): Promise<Map<string, string>> {
  if (files.size === 0) return files;
  const settings = await readFile(join(root, '.prettierrc.json'), 'utf8').catch(() => '{}');
  let options: object = {};
  try {
    options = JSON.parse(settings) as object;
  } catch {
    // Prettier's defaults, then: the file is the developer's to fix.
  }
  const formatted = await worker.format(
    [...files].map(([path, content]) => ({ path, content })),
    options,
  );
  return new Map(formatted.map((file) => [file.path, file.content]));
}

function versionOf(generator: string, team: TeamPreset | undefined): string {
  return `create-backend ${generator}${team ? ` with ${teamPresetLabel(team)}` : ''}`;
}

/**
 * A service's options are its own: a preset's new version brings its files, not its choices. Where its choices
 * differ from the service's, says so, and how to add what the service lacks.
 */
function describeOptionsOf(team: TeamPreset, manifest: Manifest, output: Output): void {
  for (const key of choiceKeys) {
    const chosen = team.preset.options[key];
    const current = manifest.options[key];
    if (chosen === undefined || chosen === current) continue;
    output.info(
      current === 'none' && chosen !== 'none'
        ? `The preset chooses ${key} ${chosen}, which this service has not: \`backend add ${key} ${chosen}\` adds it.`
        : `The preset chooses ${key} ${chosen}; this service keeps its ${key} ${current}.`,
    );
  }
}

import type { Output } from '../cli/output.js';
import type { FormatWorker } from '../engine/format-worker.js';
import { UserError } from '../errors.js';
import { availableValues } from '../features/index.js';
import { type ChoiceKey, optionsSchema } from '../options/schema.js';
import { generatorVersion } from '../paths.js';
import { findProject, type Manifest } from '../project.js';
import { bringIn, refuseDirtyTree, reportAfter } from './bring-in.js';
import { renderService } from './render-service.js';
import { recordedTeamPreset } from './team-preset-versions.js';

export interface AddFeatureRequest {
  cwd: string;
  /** What is added: `queue`, and the value it takes, `pg-boss` */
  key: ChoiceKey;
  value: string;
  dryRun: boolean;
  /** Runs on a git tree with uncommitted changes (which a conflict could mix with the generator's). */
  allowDirty: boolean;
}

/**
 * `backend add <feature> <value>` on a service people have edited: the service as the generator makes it with the
 * feature (theirs) against the service as it made it (base), brought into the files on disk (yours) file by file
 * (merge.ts). Resources already there gain what the feature gives them: with a cache, their reads by id are cached.
 * Prints what becomes of each file; with conflicts, leaves their markers in place, lists them and fails.
 */
export async function addFeature(request: AddFeatureRequest, output: Output, worker: FormatWorker): Promise<void> {
  const { root, manifest } = await findProject(request.cwd);
  const options = nextOptions(manifest, request);
  if (manifest.generator.version !== generatorVersion) {
    throw new UserError(
      `This service was made by create-backend ${manifest.generator.version}, and this is ${generatorVersion}: ` +
        'add features with the version that made it (or upgrade it first); nothing was written.',
    );
  }
  if (!request.allowDirty && !request.dryRun) await refuseDirtyTree(root); // a dry run writes nothing

  const team = await recordedTeamPreset(manifest);
  const [base, theirs] = await Promise.all([
    renderService(manifest, worker, { team }),
    renderService({ ...manifest, options }, worker, { cacheByDefault: request.key === 'cache', team }),
  ]);
  const outcomes = await bringIn(root, base, theirs, {
    labels: {
      base: `create-backend ${generatorVersion} (${request.key} ${manifest.options[request.key]})`,
      theirs: `create-backend ${generatorVersion} (${request.key} ${request.value})`,
    },
    dryRun: request.dryRun,
    output,
  });
  if (request.dryRun) return;

  output.info('');
  output.info(`Added ${request.key} ${request.value}.`);
  if (request.key === 'auth') {
    output.info('The resources already there stay public: to make one owned, remove it and add it again with --owned.');
  }
  reportAfter(outcomes, manifest, output);
}

/** The options with the feature added; a UserError when the value is unknown or the service has one already. */
function nextOptions(manifest: Manifest, { key, value }: AddFeatureRequest) {
  const known = availableValues(key).filter((candidate) => candidate !== 'none');
  if (!known.includes(value)) {
    throw new UserError(`Unknown ${key} "${value}": choose one of ${known.join(', ')}; nothing was written.`);
  }
  const current = manifest.options[key];
  if (current === value) throw new UserError(`This service has ${key} ${value} already; nothing was written.`);
  if (current !== 'none') {
    throw new UserError(
      `This service has ${key} ${current}: backend add ${key} adds one where there is none; nothing was written.`,
    );
  }
  const parsed = optionsSchema.safeParse({ ...manifest.options, [key]: value });
  if (!parsed.success) {
    throw new UserError(`${key} ${value} does not fit this service: ${parsed.error.issues[0]?.message ?? ''}`);
  }
  return parsed.data;
}

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Feature, GenerationContext } from '../features/types.js';
import type { Options } from '../options/schema.js';
import { generatorVersion, templatesRoot } from '../paths.js';
import { randomBytes } from 'node:crypto';
import { renderDotEnv, renderEnvExample } from './env-files.js';
import { codemodIds } from './codemods.js';
import { fileRecord } from './file-kinds.js';
import { manifestPath } from './manifest-path.js';
import { buildPackageJson } from './package-json.js';
import { readmeSectionTemplate, renderTeamFiles, renderTemplate, renderTemplates, type TeamFiles } from './render.js';
import { selectFeatures } from './select-features.js';
import { templateContext } from './template-context.js';
import { Tree } from './tree.js';

/**
 * The pure half of generation: options in, a complete virtual tree out. Nothing touches the disk here,
 * which is what lets --dry-run print the plan and the snapshot tests run in memory. The features come from
 * `registry`, so the engine knows none of them by name.
 */
export function plan(
  options: Options,
  registry: readonly Feature[],
  version = generatorVersion,
  team?: TeamFiles,
): Tree {
  const features = selectFeatures(registry, options);
  const context: GenerationContext = {
    options,
    generatorVersion: version,
    features,
    env: features.flatMap((feature) => feature.env),
  };
  const tree = new Tree();
  const shared = templateContext(context);
  const values = { ...shared, readmeSections: readmeSections(features, shared) };
  for (const feature of features) {
    renderTemplates(tree, join(templatesRoot, feature.templates), values);
  }
  // Before the features' edits, which a team's replacement of a file must leave room for, as the generator's does.
  if (team) renderTeamFiles(tree, team, values);
  tree.create(
    'package.json',
    `${JSON.stringify(buildPackageJson(options.name, features, team?.packageJson), null, 2)}\n`,
  );
  tree.create('.env.example', renderEnvExample(context.env));
  for (const feature of features) feature.edits?.(tree, context);
  tree.create(manifestPath, renderManifest(tree, context, team));
  // .env holds generated secrets: it belongs to the user from the start, so it is not recorded in
  // backend.json and nothing will regenerate it.
  tree.create(
    '.env',
    renderDotEnv(context.env, () => randomBytes(32).toString('base64url')),
  );
  return tree;
}

/** Each feature's section of the README (templates/<feature>/_readme.md.hbs), in feature order. */
function readmeSections(features: readonly Feature[], values: object): string[] {
  return features
    .filter((feature) => existsSync(join(templatesRoot, feature.templates, readmeSectionTemplate)))
    .map((feature) => renderTemplate(`${feature.templates}/${readmeSectionTemplate}`, values).trimEnd());
}

/**
 * backend.json records what made the project, so later commands know it: the generator version, the options,
 * the team preset it started from (its source and commit), the codemods its code has had, the resources, and each generated file with the hash
 * of the bytes written (the base of a future upgrade) and its kind (file-kinds.ts).
 */
function renderManifest(tree: Tree, context: GenerationContext, team: TeamFiles | undefined): string {
  const { install: _install, git: _git, ...options } = context.options;
  const files = Object.fromEntries(tree.entries().map((entry) => [entry.path, fileRecord(entry.path, entry.content)]));
  const manifest = {
    generator: { name: 'create-backend', version: context.generatorVersion },
    options,
    ...(team ? { preset: { source: team.source, commit: team.commit } } : {}),
    features: context.features.map((feature) => feature.id),
    codemods: codemodIds,
    resources: [],
    files,
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { UserError } from '../errors.js';
import type { PackageAdditions } from '../options/schema.js';
import { templatesRoot } from '../paths.js';
import type { Tree } from './tree.js';

/** npm never publishes these names, so templates store them with an underscore and we rename on render. */
const storedNames: Record<string, string> = {
  _gitignore: '.gitignore',
  _npmrc: '.npmrc',
};

const templateSuffix = '.hbs';
// scripts/precompile-templates.js compiles with the same options, so both paths give the same output.
const compileOptions = { noEscape: true, strict: true };

const handlebars = Handlebars.create();
// Helpers live here, in one place, so templates stay free of logic.
// A single-quoted TypeScript string literal, as Prettier writes them.
handlebars.registerHelper('quote', (value: string) => `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`);

/** A feature's section of the service's README: rendered into README.md, not written as a file of its own. */
export const readmeSectionTemplate = '_readme.md.hbs';

/**
 * Renders every file under `templateDir` into the tree. Files ending in `.hbs` go through handlebars (the
 * suffix is dropped); every other file is copied byte for byte. Output is never HTML-escaped.
 */
export function renderTemplates(tree: Tree, templateDir: string, context: object): void {
  for (const source of listFiles(templateDir)) {
    const relativePath = relative(templateDir, source).split('\\').join('/');
    if (relativePath === readmeSectionTemplate) continue;
    const target = outputPath(relativePath);
    if (source.endsWith(templateSuffix)) {
      tree.create(target, compiledTemplate(source)(context));
    } else {
      tree.create(target, readFileSync(source));
    }
  }
}

/** A team preset's files (see options/team-preset.ts): its own, and its replacements for generated ones. */
export interface TeamFiles {
  source: string;
  commit: string;
  files: ReadonlyMap<string, Buffer>;
  overrides: ReadonlyMap<string, Buffer>;
  /** What the preset adds to package.json (made by package-json.ts, not rendered here). */
  packageJson?: PackageAdditions;
}

/**
 * Renders a team preset into the tree as templates are: `.hbs` through handlebars with the same values, the rest
 * as they are. A replacement of a file these options do not generate waits, unused, for the feature that does.
 */
export function renderTeamFiles(tree: Tree, team: TeamFiles, context: object): void {
  const render = (folder: string, path: string, content: Buffer) => {
    if (!path.endsWith(templateSuffix)) return content;
    try {
      return renderString(content.toString('utf8'), context);
    } catch (error) {
      throw new UserError(
        `The preset ${team.source} has ${folder}/${path}, which does not render: ${(error as Error).message.split('\n')[0]}`,
      );
    }
  };
  for (const [path, content] of team.overrides) {
    const target = renderedPath(path);
    if (tree.exists(target)) tree.overwrite(target, render('templates', path, content));
  }
  for (const [path, content] of team.files) {
    const target = renderedPath(path);
    if (tree.exists(target)) {
      throw new UserError(
        `The preset ${team.source} has files/${path}, a file create-backend generates: to replace it, the preset ` +
          `keeps it as templates/${path}.`,
      );
    }
    tree.create(target, render('files', path, content));
  }
}

/**
 * Renders templates/<path>; `partials` maps the names it includes (`{{> repositoryTypes}}`) to template paths.
 */
export function renderTemplate(path: string, context: object, partials: Record<string, string> = {}): string {
  const partialTemplates = Object.fromEntries(
    Object.entries(partials).map(([name, partialPath]) => [name, compiledTemplate(join(templatesRoot, partialPath))]),
  );
  return compiledTemplate(join(templatesRoot, path))(context, { partials: partialTemplates });
}

/** Renders a template given as text (compiled at each call: for tests and one-off strings). */
export function renderString(template: string, context: object): string {
  return handlebars.compile(template, compileOptions)(context);
}

type TemplateSpecification = Parameters<typeof handlebars.template>[0];
const compiled = new Map<string, Handlebars.TemplateDelegate>();
const precompiled = new Map<string, Record<string, TemplateSpecification>>();
const require = createRequire(import.meta.url);

/** The template at this absolute path: from the build's precompiled set when it is there, else compiled now. */
function compiledTemplate(source: string): Handlebars.TemplateDelegate {
  let template = compiled.get(source);
  if (!template) {
    const path = relative(templatesRoot, source).split('\\').join('/');
    const specification = precompiledFolder(path.split('/')[0] ?? '')[path];
    template = specification
      ? handlebars.template(specification)
      : handlebars.compile(readFileSync(source, 'utf8'), compileOptions);
    compiled.set(source, template);
  }
  return template;
}

// dist/templates/<folder>.cjs, written by the build (scripts/precompile-templates.js); absent in src/.
function precompiledFolder(folder: string): Record<string, TemplateSpecification> {
  let specifications = precompiled.get(folder);
  if (!specifications) {
    const file = fileURLToPath(new URL(`../templates/${folder}.cjs`, import.meta.url));
    specifications = existsSync(file) ? (require(file) as Record<string, TemplateSpecification>) : {};
    precompiled.set(folder, specifications);
  }
  return specifications;
}

function outputPath(relativePath: string): string {
  return renderedPath(relativePath)
    .split('/')
    .map((segment) => storedNames[segment] ?? segment)
    .join('/');
}

/** The path a template renders to: without its `.hbs`. */
export function renderedPath(path: string): string {
  return path.endsWith(templateSuffix) ? path.slice(0, -templateSuffix.length) : path;
}

function listFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listFiles(path));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

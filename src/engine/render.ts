import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import Handlebars from 'handlebars';
import type { Tree } from './tree.js';

/** npm never publishes these names, so templates store them with an underscore and we rename on render. */
const storedNames: Record<string, string> = {
  _gitignore: '.gitignore',
  _npmrc: '.npmrc',
};

const templateSuffix = '.hbs';

const handlebars = Handlebars.create();
// Helpers live here, in one place, so templates stay free of logic.
// A single-quoted TypeScript string literal, as Prettier writes them.
handlebars.registerHelper('quote', (value: string) => `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`);

/**
 * Renders every file under `templateDir` into the tree. Files ending in `.hbs` go through handlebars (the
 * suffix is dropped); every other file is copied byte for byte. Output is never HTML-escaped.
 */
export function renderTemplates(tree: Tree, templateDir: string, context: object): void {
  for (const source of listFiles(templateDir)) {
    const relativePath = relative(templateDir, source).split('\\').join('/');
    const target = outputPath(relativePath);
    if (source.endsWith(templateSuffix)) {
      tree.create(target, renderString(readFileSync(source, 'utf8'), context));
    } else {
      tree.create(target, readFileSync(source));
    }
  }
}

/** Renders one template; `partials` are templates it includes by name (`{{> repositoryTypes}}`). */
export function renderString(template: string, context: object, partials: Record<string, string> = {}): string {
  return handlebars.compile(template, { noEscape: true, strict: true })(context, { partials });
}

function outputPath(relativePath: string): string {
  const withoutSuffix = relativePath.endsWith(templateSuffix)
    ? relativePath.slice(0, -templateSuffix.length)
    : relativePath;
  return withoutSuffix
    .split('/')
    .map((segment) => storedNames[segment] ?? segment)
    .join('/');
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

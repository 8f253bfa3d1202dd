import { createRequire } from 'node:module';
import type { SourceFile } from 'ts-morph';

/**
 * Structural changes to code the developer owns, which a line merge cannot make reliably: the generator's code took
 * a new shape, and the service's own code (its files as edited, and files written after the generated ones) should
 * take it too. `backend upgrade` runs, after the merge, each codemod the service's backend.json does not list yet,
 * and lists it there; a service made now lists them all, as its code has every shape already.
 *
 * A codemod is idempotent (code in the new shape is left as it is) and never guesses: a shape it does not recognise
 * is left alone, with a warning saying what to do by hand.
 */
export interface Codemod {
  /** Recorded in backend.json once run; never reused for another change. */
  id: string;
  /** The version of create-backend whose generated code first had this shape. */
  since: string;
  /** Only files whose text holds this are parsed. */
  mentions: string;
  /** Brings the files (the service's TypeScript that mentions `mentions`) to the new shape. */
  run(files: SourceFile[]): CodemodResult[];
}

export interface CodemodResult {
  path: string;
  result: 'changed' | 'unchanged' | 'skipped';
  /** For a skipped file: what was not recognised, and what to do by hand. */
  reason?: string;
}

/**
 * Features added later bring migrations named before the resources' (which may have run), so the migrator must
 * allow unordered migrations: every `new Migrator({ ... })` gets `allowUnorderedMigrations: true`.
 */
const migratorAllowsUnorderedMigrations: Codemod = {
  id: 'migrator-allows-unordered-migrations',
  since: '0.1.0',
  mentions: 'new Migrator(',
  run(files) {
    const { Node } = tsMorph();
    const results: CodemodResult[] = [];
    for (const file of files) {
      for (const call of file.getDescendants().filter(Node.isNewExpression)) {
        if (call.getExpression().getText() !== 'Migrator') continue;
        const path = file.getFilePath().slice(1);
        const [settings] = call.getArguments();
        if (!settings || !Node.isObjectLiteralExpression(settings)) {
          results.push({
            path,
            result: 'skipped',
            reason:
              'new Migrator(...) is not given an object literal: add allowUnorderedMigrations: true to its settings',
          });
        } else if (settings.getProperty('allowUnorderedMigrations')) {
          results.push({ path, result: 'unchanged' });
        } else {
          settings.addPropertyAssignment({ name: 'allowUnorderedMigrations', initializer: 'true' });
          results.push({ path, result: 'changed' });
        }
      }
    }
    if (results.length === 0) {
      results.push({
        path: 'src',
        result: 'skipped',
        reason: 'found no new Migrator({ ... }): give the migrator allowUnorderedMigrations: true where it is made',
      });
    }
    return results;
  },
};

/** In the order they run. */
export const codemods: readonly Codemod[] = [migratorAllowsUnorderedMigrations];

/** What a new service records: it has every shape already. */
export const codemodIds = codemods.map((codemod) => codemod.id);

export interface CodemodReport {
  /** The files the codemods changed, with their new text. */
  changed: Map<string, string>;
  /** One line per file changed or skipped: `src/db/migrator.ts  (migrator-allows-unordered-migrations)`. */
  lines: { action: 'CODEMOD' | 'WARN'; path: string; note: string }[];
}

/**
 * Runs `pending` codemods over the service's TypeScript (`files`, by path: its text after the merge; files with
 * conflict markers are left out by the caller). Edits are made in memory and returned.
 */
export function runCodemods(files: ReadonlyMap<string, string>, pending: readonly Codemod[]): CodemodReport {
  const report: CodemodReport = { changed: new Map(), lines: [] };
  if (pending.length === 0) return report;
  const { Project, QuoteKind, IndentationText } = tsMorph();
  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: { quoteKind: QuoteKind.Single, indentationText: IndentationText.TwoSpaces },
  });
  const typescript = [...files].filter(([path]) => /\.(ts|mts|cts)$/.test(path) && !path.endsWith('.d.ts'));
  for (const codemod of pending) {
    const sources = typescript
      .filter(([, text]) => text.includes(codemod.mentions))
      .map(([path]) => project.getSourceFile(`/${path}`) ?? project.createSourceFile(`/${path}`, files.get(path)!));
    for (const { path, result, reason } of codemod.run(sources)) {
      if (result === 'changed') report.lines.push({ action: 'CODEMOD', path, note: codemod.id });
      if (result === 'skipped')
        report.lines.push({ action: 'WARN', path, note: `${codemod.id}: ${reason ?? 'skipped'}` });
    }
  }
  for (const source of project.getSourceFiles()) {
    const path = source.getFilePath().slice(1);
    const text = source.getFullText();
    if (text !== files.get(path)) report.changed.set(path, text);
  }
  return report;
}

// ts-morph is CommonJS and large: loaded when a codemod runs, as ast-edits.ts loads it.
function tsMorph(): typeof import('ts-morph') {
  return createRequire(import.meta.url)('ts-morph') as typeof import('ts-morph');
}

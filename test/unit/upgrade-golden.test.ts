import { readdirSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { text } from '../../src/upgrade/merge.js';
import { mergeVersions } from '../../src/upgrade/merge.js';
import { repoRoot } from '../helpers/cli.js';

/**
 * Golden cases of `backend add <feature>` and `backend upgrade`, one per row of the per-file table: in
 * test/golden/upgrade/<case>/, the service as the generator made it (base/), as it makes it now (theirs/) and as the
 * team has it (yours/); after.txt holds what the command prints for each file and the service's files after it.
 * Run `npx vitest run test/unit/upgrade-golden.test.ts -u` to accept a change on purpose.
 */
const casesDir = join(repoRoot, 'test/golden/upgrade');
const cases = readdirSync(casesDir).sort();
const labels = { base: 'create-backend 1.0.0', theirs: 'create-backend 1.1.0' };

async function filesIn(dir: string): Promise<Map<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const files = new Map<string, string>();
  for (const entry of entries.filter((candidate) => candidate.isFile())) {
    const path = join(entry.parentPath, entry.name);
    files.set(relative(dir, path).split('\\').join('/'), await readFile(path, 'utf8'));
  }
  return files;
}

describe('the per-file table, case by case', () => {
  it('has a case for every row', () => {
    expect(cases).toEqual(
      expect.arrayContaining([
        'untouched',
        'edited-by-you',
        'edited-by-both',
        'conflict',
        'deleted',
        'renamed',
        'both-added',
        'new-file',
        'no-longer-generated',
        'package-json',
        'write-once-migration',
        'required-restored',
      ]),
    );
  });

  it.each(cases)('%s', async (name) => {
    const [base, theirs, yours] = await Promise.all(
      ['base', 'theirs', 'yours'].map((version) => filesIn(join(casesDir, name, version))),
    );
    const outcomes = await mergeVersions({ base: base!, theirs: theirs!, yours: yours!, labels });
    const after = new Map(yours);
    for (const outcome of outcomes) {
      if (outcome.action === 'DELETE') after.delete(outcome.path);
      else if (outcome.content !== undefined) after.set(outcome.path, text(outcome.content));
    }
    const report = [
      '# What the command prints for each file',
      ...outcomes.map(
        (outcome) => `${outcome.action.padEnd(8)} ${outcome.path}${outcome.note ? `  (${outcome.note})` : ''}`,
      ),
      '',
      '# The files after it',
      ...[...after.keys()].sort().flatMap((path) => [`==> ${path} <==`, after.get(path)!]),
    ].join('\n');
    await expect(report).toMatchFileSnapshot(join(casesDir, name, 'after.txt'));
  });
});

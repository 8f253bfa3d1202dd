import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addExampleArgs } from '../helpers/examples.js';
import { backendBin, createBin, listTree, makeTempDir, removeDir, runCli } from '../helpers/cli.js';

/**
 * Golden files: everything `backend add resource` writes for a set of combinations (flat, nested, every field
 * type and modifier, owned in each auth style, a reference to an owned resource), byte for byte, in
 * test/golden/<case>/. A change to what a resource renders shows here as a diff of the files a user gets; run
 * `npx vitest run test/cli/golden.test.ts -u` to accept one on purpose.
 */
const everyTypeAndModifier = [
  'label:string:min(2):max(8):unique',
  'notes:text?',
  'count:integer:range(0,10)=0',
  'big:bigint?',
  'price:decimal(10,2)=9.99',
  'ratio:float:range(0,1)?',
  'active:boolean=true',
  'launch:date?',
  'seenAt:datetime=now',
  'ref:uuid:index',
  'contact:email?',
  'site:url?',
  'meta:json?',
  'size:enum(s,m,l)=m',
  'project:references(projects)?:set-null',
];
const searchableArticlesAndComments = [
  ['add', 'resource', 'articles', 'title:string:searchable(A)', 'summary:text?:searchable', 'body:text:searchable(C)'],
  ['add', 'resource', 'comments', 'body:text:searchable(D)', '--parent', 'articles'],
];
const ownedNotes = ['add', 'resource', 'notes', 'title:string', 'body:text?', 'pinned:boolean=false', '--owned'];

const cases: { name: string; preset: string; flags?: string[]; commands: string[][] }[] = [
  {
    name: 'minimal',
    preset: 'minimal',
    commands: [
      addExampleArgs('projects'),
      addExampleArgs('tasks'),
      ['add', 'resource', 'comments', 'body:text', 'task:references(tasks):restrict'],
      ['add', 'resource', 'widgets', ...everyTypeAndModifier],
    ],
  },
  {
    name: 'jwt',
    preset: 'api',
    commands: [ownedNotes, ['add', 'resource', 'annotations', 'body:text', 'note:references(notes):cascade']],
  },
  { name: 'session', preset: 'web', commands: [ownedNotes] },
  { name: 'api-key', preset: 'service', commands: [ownedNotes] },
  { name: 'oidc', preset: 'sso', commands: [ownedNotes] },
  // The same searchable resources on either engine.
  { name: 'search', preset: 'search', commands: searchableArticlesAndComments },
  { name: 'search-elasticsearch', preset: 'search-elasticsearch', commands: searchableArticlesAndComments },
  // With a queue, a job keeps Elasticsearch in step: enqueued in each write's transaction.
  {
    name: 'search-elasticsearch-queue',
    preset: 'search-elasticsearch',
    flags: ['--queue', 'pg-boss'],
    commands: searchableArticlesAndComments,
  },
];

let workDir: string;

beforeAll(async () => {
  workDir = await makeTempDir('create-backend-golden');
});

afterAll(async () => {
  await removeDir(workDir);
});

/**
 * What the commands recorded in backend.json: the resources, and the hashes of the files they wrote. The hashes
 * of the files the generator wrote are the generator's business, and would change these files with every template.
 */
function resourcesRecord(manifest: string, changed: string[]): string {
  const { resources, files } = JSON.parse(manifest) as { resources: unknown; files: Record<string, unknown> };
  const written = Object.fromEntries(Object.entries(files).filter(([path]) => changed.includes(path)));
  return `${JSON.stringify({ resources, files: written }, null, 2)}\n`;
}

async function readAll(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const path of await listTree(dir)) {
    const content = await readFile(join(dir, path), 'utf8').catch(() => undefined);
    if (content !== undefined) files.set(path, content);
  }
  return files;
}

describe.each(cases)('backend add resource, golden files: $name', ({ name, preset, flags = [], commands }) => {
  it('writes exactly the files recorded in test/golden', async () => {
    const project = join(workDir, name);
    const created = await runCli(
      createBin,
      [project, '--preset', preset, ...flags, '--yes', '--no-install', '--no-git'],
      {
        cwd: workDir,
      },
    );
    expect(created.exitCode, created.stderr).toBe(0);
    const before = await readAll(project);
    for (const args of commands) {
      const result = await runCli(backendBin, args, { cwd: project });
      expect(result.exitCode, result.stderr).toBe(0);
    }
    const after = await readAll(project);

    // Migration names carry the time they were written: numbered in order instead, so the files compare.
    const timestamps = [...after.keys()]
      .filter((path) => !before.has(path) && path.startsWith('migrations/'))
      .map((path) => /^migrations\/(\d{14})_/.exec(path)?.[1] ?? '')
      .sort();
    const stable = (text: string) =>
      timestamps.reduce((result, stamp, index) => result.replaceAll(stamp, `2000010100000${index}`), text);

    const changed = [...after.keys()].filter((path) => before.get(path) !== after.get(path)).sort();
    await expect(changed.map(stable).join('\n') + '\n').toMatchFileSnapshot(`../golden/${name}/changed-files.txt`);
    for (const path of changed) {
      const content = path === 'backend.json' ? resourcesRecord(after.get(path)!, changed) : after.get(path)!;
      await expect(stable(content)).toMatchFileSnapshot(`../golden/${name}/${stable(path)}`);
    }
  });
});

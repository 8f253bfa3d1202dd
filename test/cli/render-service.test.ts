import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addExampleArgs } from '../helpers/examples.js';
import { backendBin, createBin, makeTempDir, removeDir, repoRoot, runCli, treeSnapshot } from '../helpers/cli.js';

/**
 * Rendering a service from its record (backend.json) gives, byte for byte, what create-backend and `backend add`
 * wrote: the base that `backend add <feature>` and `backend upgrade` compare a service with. Run on the built
 * generator, as the commands run.
 */
const { renderService } = (await import(join(repoRoot, 'dist/upgrade/render-service.js'))) as {
  renderService: (record: unknown, worker: unknown) => Promise<Map<string, string | Uint8Array>>;
};
const { FormatWorker } = (await import(join(repoRoot, 'dist/engine/format-worker.js'))) as {
  FormatWorker: new () => { close(): Promise<void> };
};

const cases: { name: string; create: string[]; commands: string[][] }[] = [
  {
    name: 'minimal, with flat, nested and referencing resources, one removed',
    create: ['--preset', 'minimal'],
    commands: [
      addExampleArgs('projects'),
      addExampleArgs('tasks'),
      ['add', 'resource', 'labels', 'name:string:unique', 'color:enum(red,green)=red'],
      ['add', 'resource', 'comments', 'body:text', 'task:references(tasks):restrict'],
      ['remove', 'resource', 'labels'],
    ],
  },
  {
    name: 'jwt and a Redis cache, with owned, cached and uncached resources',
    create: ['--preset', 'api-redis'],
    commands: [
      ['add', 'resource', 'notes', 'title:string', 'body:text?', '--owned'],
      ['add', 'resource', 'annotations', 'body:text', 'note:references(notes):cascade'],
      ['add', 'resource', 'tags', 'name:string', '--no-cache'],
    ],
  },
  {
    name: 'Elasticsearch and pg-boss, with searchable resources and a job',
    create: ['--preset', 'search-elasticsearch', '--queue', 'pg-boss'],
    commands: [
      ['add', 'resource', 'articles', 'title:string:searchable(A)', 'body:text:searchable(C)'],
      ['add', 'resource', 'comments', 'body:text:searchable', '--parent', 'articles'],
      ['add', 'job', 'send-digest', 'email:email', 'since:datetime?'],
    ],
  },
];

let workDir: string;
let worker: { close(): Promise<void> };

beforeAll(async () => {
  workDir = await makeTempDir('create-backend-render');
  worker = new FormatWorker();
});

afterAll(async () => {
  await worker.close();
  await removeDir(workDir);
});

describe.each(cases.map((each, index) => ({ ...each, folder: `svc-${index}` })))(
  'rendering a service from its record: $name',
  ({ folder, create, commands }) => {
    it('gives every file the commands wrote, byte for byte, and no other', async () => {
      const project = join(workDir, folder);
      const created = await runCli(createBin, [project, ...create, '--yes', '--no-install', '--no-git'], {
        cwd: workDir,
      });
      expect(created.exitCode, created.stderr).toBe(0);
      for (const args of commands) {
        const result = await runCli(backendBin, args, { cwd: project });
        expect(result.exitCode, result.stderr).toBe(0);
      }

      const record = JSON.parse(await readFile(join(project, 'backend.json'), 'utf8')) as unknown;
      const rendered = await renderService(record, worker);

      // .env holds the developer's secrets, made afresh each time. A removed resource's migrations (the one that
      // created its table, and the one that dropped it) are history that may have run: rendering leaves them be.
      const history = /^migrations\/\d{14}_(create|drop)_labels\.ts$/;
      const files = await treeSnapshot(project);
      const onDisk = Object.keys(files)
        .filter((path) => path !== '.env' && !history.test(path))
        .sort();
      expect([...rendered.keys()].filter((path) => path !== '.env').sort()).toEqual(onDisk);
      for (const path of onDisk) {
        expect(String(rendered.get(path)), path).toBe(files[path]);
      }
    });
  },
);

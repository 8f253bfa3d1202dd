import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addExampleArgs } from '../helpers/examples.js';
import { backendBin, createBin, listTree, makeTempDir, removeDir, repoRoot, runCli } from '../helpers/cli.js';

/**
 * `backend add <feature>` on services people have edited. Each test makes a service with git and two resources,
 * commits it, edits it as a team would, and adds a feature; the built CLI runs as a user runs it.
 */
const { renderService } = (await import(join(repoRoot, 'dist/upgrade/render-service.js'))) as {
  renderService: (record: unknown, worker: unknown) => Promise<Map<string, string | Uint8Array>>;
};
const { FormatWorker } = (await import(join(repoRoot, 'dist/engine/format-worker.js'))) as {
  FormatWorker: new () => { close(): Promise<void> };
};

let workDir: string;
let worker: { close(): Promise<void> };
let count = 0;

beforeAll(async () => {
  workDir = await makeTempDir('create-backend-add-feature');
  worker = new FormatWorker();
});

afterAll(async () => {
  await worker.close();
  await removeDir(workDir);
});

const git = (cwd: string, ...args: string[]) =>
  execa('git', ['-c', 'user.name=Team', '-c', 'user.email=team@example.com', ...args], { cwd });

/** A service with projects and the tasks nested under them, committed. */
async function committedService(): Promise<string> {
  count += 1;
  const project = join(workDir, `svc-${count}`);
  const created = await runCli(createBin, [project, '--preset', 'minimal', '--yes', '--no-install'], { cwd: workDir });
  expect(created.exitCode, created.stderr).toBe(0);
  for (const args of [addExampleArgs('projects'), addExampleArgs('tasks')]) {
    const result = await runCli(backendBin, args, { cwd: project });
    expect(result.exitCode, result.stderr).toBe(0);
  }
  await git(project, 'add', '-A');
  await git(project, 'commit', '-qm', 'projects and tasks');
  return project;
}

async function snapshot(project: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const path of await listTree(project)) {
    if (path === '.git' || path.startsWith('.git/')) continue;
    const content = await readFile(join(project, path), 'utf8').catch(() => undefined); // undefined: a folder
    if (content !== undefined) files.set(path, content);
  }
  return files;
}

const backend = (project: string, ...args: string[]) => runCli(backendBin, args, { cwd: project });

describe('backend add <feature>', () => {
  it('makes of an unedited service exactly what generating it with the feature makes', async () => {
    const project = await committedService();

    const result = await backend(project, 'add', 'cache', 'memory');

    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('CREATE   src/lib/cache.ts');
    expect(result.stdout).toContain('UPDATE   src/modules/tasks/tasks.repository.ts');
    const record = JSON.parse(await readFile(join(project, 'backend.json'), 'utf8')) as {
      options: { cache: string };
      resources: { name: string; traits?: string[] }[];
    };
    expect(record.options.cache).toBe('memory');
    // The resources there already gain what the cache gives: their reads by id are cached.
    expect(record.resources.map((resource) => resource.traits)).toEqual([['cached'], ['nested', 'cached']]);
    const generated = await renderService(record, worker);
    const onDisk = await snapshot(project);
    for (const [path, content] of generated) {
      if (path === '.env') continue;
      expect(onDisk.get(path), path).toBe(String(content));
    }
    expect([...onDisk.keys()].filter((path) => path !== '.env').sort()).toEqual(
      [...generated.keys()].filter((path) => path !== '.env').sort(),
    );
  });

  it('keeps what the team changed in other lines, and says what became of each file', async () => {
    const project = await committedService();
    await appendFile(join(project, 'README.md'), '\n## On call\n\nAsk in #backend.\n');
    const repository = join(project, 'src/modules/projects/projects.repository.ts');
    await writeFile(repository, `// Projects belong to the platform team.\n${await readFile(repository, 'utf8')}`);
    const server = join(project, 'src/server.ts');
    await writeFile(
      server,
      (await readFile(server, 'utf8')).replace('\nexport async function', '\n// Ours.\nexport async function'),
    );
    const packageJson = JSON.parse(await readFile(join(project, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    packageJson.dependencies = Object.fromEntries(
      Object.entries({ ...packageJson.dependencies, 'date-fns': '4.1.0' }).sort(([a], [b]) => (a < b ? -1 : 1)),
    );
    await writeFile(join(project, 'package.json'), `${JSON.stringify(packageJson, null, 2)}\n`);
    await git(project, 'commit', '-qam', 'our changes');

    const result = await backend(project, 'add', 'queue', 'pg-boss');

    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^MERGE +README\.md$/m);
    expect(result.stdout).toMatch(/^MERGE +src\/server\.ts$/m);
    expect(result.stdout).toMatch(/^MERGE +package\.json$/m);
    expect(result.stdout).toMatch(/^SKIP +src\/modules\/projects\/projects\.repository\.ts/m);
    expect(result.stdout).toMatch(/^CREATE +src\/worker\.ts$/m);
    expect(await readFile(join(project, 'README.md'), 'utf8')).toContain('## On call');
    expect(await readFile(join(project, 'README.md'), 'utf8')).toContain('npm run worker');
    expect(await readFile(repository, 'utf8')).toMatch(/^\/\/ Projects belong to the platform team\./);
    expect(await readFile(server, 'utf8')).toContain('// Ours.\nexport async function');
    expect(await readFile(server, 'utf8')).toContain('worker.work(jobs');
    const merged = JSON.parse(await readFile(join(project, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      scripts: Record<string, string>;
    };
    expect(merged.dependencies).toHaveProperty('date-fns', '4.1.0');
    expect(merged.dependencies).toHaveProperty('pg-boss');
    expect(merged.scripts).toHaveProperty('worker');

    // Added once: a second run changes nothing.
    await git(project, 'add', '-A');
    await git(project, 'commit', '-qm', 'queue');
    const before = await snapshot(project);
    const again = await backend(project, 'add', 'queue', 'pg-boss');
    expect(again.exitCode).toBe(1);
    expect(again.stderr.trim()).toBe('Error: This service has queue pg-boss already; nothing was written.');
    expect(await snapshot(project)).toEqual(before);
  });

  it('leaves marked conflicts where the team changed the same lines, lists them and fails', async () => {
    const project = await committedService();
    // A setting of the team's own, where the queue adds its own: the end of the schema.
    const config = join(project, 'src/config.ts');
    const text = await readFile(config, 'utf8');
    const end = text.indexOf('\n});\n\nexport type Config');
    await writeFile(config, `${text.slice(0, end)}\n  FEATURE_FLAGS: z.string().default(''),${text.slice(end)}`);
    await git(project, 'commit', '-qam', 'feature flags');

    const result = await backend(project, 'add', 'queue', 'pg-boss');

    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/^CONFLICT +src\/config\.ts$/m);
    expect(result.stderr).toContain('src/config.ts');
    const merged = await readFile(config, 'utf8');
    expect(merged).toContain('<<<<<<< yours');
    expect(merged).toContain('FEATURE_FLAGS');
    expect(merged).toContain('>>>>>>> create-backend');
    expect(merged).toContain('(queue pg-boss)');
    // The rest was brought in all the same.
    expect(await readFile(join(project, 'src/worker.ts'), 'utf8')).toContain('startWorker');
  });

  it('keeps out of a file the team marked write-once in backend.json, and restores a required one', async () => {
    const project = await committedService();
    const manifestFile = join(project, 'backend.json');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as {
      files: Record<string, { sha256: string; kind: string }>;
    };
    expect(manifest.files['src/server.ts']?.kind).toBe('managed');
    manifest.files['src/server.ts']!.kind = 'write-once';
    await writeFile(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
    const server = await readFile(join(project, 'src/server.ts'), 'utf8');
    await git(project, 'rm', '-q', 'src/modules/index.ts');
    await git(project, 'commit', '-qam', 'our server, by hand from now on');

    const result = await backend(project, 'add', 'queue', 'pg-boss');

    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^SKIP +src\/server\.ts +\(written once, never changed/m);
    expect(await readFile(join(project, 'src/server.ts'), 'utf8')).toBe(server);
    expect(result.stdout).toMatch(/^CREATE +src\/modules\/index\.ts +\(the backend commands edit it: restored\)$/m);
    expect(await readFile(join(project, 'src/modules/index.ts'), 'utf8')).toContain('projects');
    const after = JSON.parse(await readFile(manifestFile, 'utf8')) as typeof manifest;
    expect(after.files['src/server.ts']?.kind).toBe('write-once');
    const migrations = Object.entries(after.files).filter(([path]) => path.startsWith('migrations/'));
    expect(migrations.length).toBeGreaterThan(2);
    expect(new Set(migrations.map(([, file]) => file.kind))).toEqual(new Set(['write-once']));
  });

  it('writes nothing on a dry run, and shows the diffs', async () => {
    const project = await committedService();
    const before = await snapshot(project);

    const result = await backend(project, 'add', 'search', 'postgres', '--dry-run');

    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^CREATE +src\/lib\/postgres-search\.ts$/m);
    expect(result.stdout).toMatch(/^\+\+\+ .*README\.md/m);
    expect(result.stdout).toContain('Dry run: nothing was written.');
    expect(await snapshot(project)).toEqual(before);
  });

  it('adds auth with its secret in .env, and leaves the resources public', async () => {
    const project = await committedService();
    const dryRun = await backend(project, 'add', 'auth', 'jwt', '--dry-run');
    expect(dryRun.stdout).toContain('JWT_SECRET: new, for development');
    expect(dryRun.stdout).not.toMatch(/^\+?JWT_SECRET=\S/m); // no secret in a terminal or a CI log

    const result = await backend(project, 'add', 'auth', 'jwt');

    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('stay public');
    const dotEnv = await readFile(join(project, '.env'), 'utf8');
    expect(dotEnv).toMatch(/^JWT_SECRET=\S{20,}$/m);
    expect(result.stdout).toContain('UPDATE   .env  (JWT_SECRET: new, for development)');
    expect(result.stdout).not.toContain(/^JWT_SECRET=(\S+)$/m.exec(dotEnv)![1]);
    const record = JSON.parse(await readFile(join(project, 'backend.json'), 'utf8')) as {
      resources: { traits?: string[] }[];
    };
    expect(record.resources.map((resource) => resource.traits ?? [])).toEqual([[], ['nested']]);
  });

  it('refuses, in one line and writing nothing: a dirty tree, an unknown value, a feature the service has', async () => {
    const project = await committedService();
    await appendFile(join(project, 'README.md'), 'Uncommitted.\n');
    const before = await snapshot(project);

    const dirty = await backend(project, 'add', 'cache', 'memory');
    expect(dirty.exitCode).toBe(1);
    expect(dirty.stderr.trim()).toMatch(/^Error: The service has uncommitted changes: .*nothing was written\.$/);

    const unknown = await backend(project, 'add', 'cache', 'memcached', '--allow-dirty');
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr.trim()).toBe(
      'Error: Unknown cache "memcached": choose one of memory, redis; nothing was written.',
    );
    expect(await snapshot(project)).toEqual(before);
  });
});

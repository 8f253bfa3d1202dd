import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBin, makeTempDir, removeDir, runCli } from '../helpers/cli.js';
import { addExampleArgs } from '../helpers/examples.js';
import { freshDatabase, runBackend } from '../helpers/matrix.js';
import { runIn } from '../helpers/service.js';

// A service as teams live with it: generated minimal, given two resources, edited (the README, the server, a
// repository), then given one feature after another by `backend add`, each committed as a team would. It must
// compile, lint and pass its tests on PostgreSQL and Redis (where CI provides them) with the edits intact.
const inCi = process.env.CI === 'true' || process.env.CI === '1';
const realDatabaseUrl = process.env.TEST_DATABASE_URL;

describe('features added one by one to a service people have edited', () => {
  let workDir: string;
  let projectDir: string;
  const git = (...args: string[]) =>
    execa('git', ['-c', 'user.name=Team', '-c', 'user.email=team@example.com', ...args], { cwd: projectDir });
  const edits = {
    readme: '\n## On call\n\nAsk in #backend before a deploy.\n',
    server: '// Started by main.ts, or by the tests through buildApp.\n',
    repository: '// Projects belong to the platform team.\n',
  };

  beforeAll(async () => {
    workDir = await makeTempDir('create-backend-matrix-add-features');
    projectDir = join(workDir, 'edited-service');
  });

  afterAll(async () => {
    if (workDir) await removeDir(workDir);
  });

  it('generates a service with two resources, and the team edits it', async () => {
    const created = await runCli(createBin, [projectDir, '--preset', 'minimal', '--yes'], { cwd: workDir });
    expect(created.exitCode, created.stderr).toBe(0);
    await runBackend(projectDir, addExampleArgs('projects'));
    await runBackend(projectDir, addExampleArgs('tasks'));
    await appendFile(join(projectDir, 'README.md'), edits.readme);
    const server = join(projectDir, 'src/server.ts');
    await writeFile(
      server,
      (await readFile(server, 'utf8')).replace('\nexport async function', `\n${edits.server}export async function`),
    );
    const repository = join(projectDir, 'src/modules/projects/projects.repository.ts');
    await writeFile(repository, `${edits.repository}${await readFile(repository, 'utf8')}`);
    await git('add', '-A');
    await git('commit', '-qm', 'projects and tasks, and our edits');
  });

  // A database that has run the resources' migrations before the features bring theirs, named earlier.
  let database: Promise<string> | undefined;
  const migrate = async () => {
    if (!realDatabaseUrl) throw new Error('CI must provide TEST_DATABASE_URL (see .ci/run)');
    database ??= freshDatabase(projectDir, realDatabaseUrl, 'matrix_add_features');
    return runIn(projectDir, 'npm', ['run', 'db:migrate'], { DATABASE_URL: await database, NODE_ENV: 'development' });
  };

  it.runIf(realDatabaseUrl || inCi)('migrates a PostgreSQL database before the features', async () => {
    expect(await migrate()).toMatch(/create_tasks/);
  });

  it.each([
    ['auth', 'jwt'],
    ['cache', 'redis'],
    ['queue', 'pg-boss'],
    ['search', 'postgres'],
  ])('adds %s %s, installs and commits', async (key, value) => {
    const output = await runBackend(projectDir, ['add', key, value]);
    expect(output).not.toMatch(/^CONFLICT/m);
    expect(output).toMatch(/^MERGE +README\.md$/m);
    await runIn(projectDir, 'npm', ['install', '--prefer-offline', '--no-audit', '--no-fund']);
    await git('add', '-A');
    await git('commit', '-qm', `add ${key} ${value}`);
  });

  it('records every feature, and keeps the edits', async () => {
    const record = JSON.parse(await readFile(join(projectDir, 'backend.json'), 'utf8')) as {
      options: Record<string, string>;
      resources: { name: string; traits?: string[] }[];
    };
    expect(record.options).toMatchObject({ auth: 'jwt', cache: 'redis', queue: 'pg-boss', search: 'postgres' });
    expect(record.resources.map((resource) => [resource.name, resource.traits])).toEqual([
      ['projects', ['cached']],
      ['tasks', ['nested', 'cached']],
    ]);
    expect(await readFile(join(projectDir, 'README.md'), 'utf8')).toContain(edits.readme);
    expect(await readFile(join(projectDir, 'src/server.ts'), 'utf8')).toContain(edits.server);
    expect(await readFile(join(projectDir, 'src/modules/projects/projects.repository.ts'), 'utf8')).toMatch(
      /^\/\/ Projects belong to the platform team\./,
    );
  });

  it.runIf(realDatabaseUrl || inCi)("migrates the same database to the features' migrations", async () => {
    const output = await migrate();
    expect(output).toMatch(/create_users/);
    expect(output).toMatch(/create_job_queue/);
  });

  it('typechecks, lints and is formatted', async () => {
    await runIn(projectDir, 'npm', ['run', 'typecheck']);
    await runIn(projectDir, 'npm', ['run', 'lint']);
    await runIn(projectDir, 'npm', ['run', 'format:check']);
  });

  it.runIf(realDatabaseUrl || inCi)('passes its tests on PostgreSQL and Redis', async () => {
    if (!realDatabaseUrl) throw new Error('CI must provide TEST_DATABASE_URL (see .ci/run)');
    const output = await runIn(projectDir, 'npm', ['test'], { TEST_DATABASE_URL: realDatabaseUrl });
    // runIn fails on a failing exit: every test passed.
    expect(output).toMatch(/Tests\s+\d+ passed \(\d+\)/);
  });
});

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendBin, createBin, makeTempDir, removeDir, runCli } from '../helpers/cli.js';
import { addExampleArgs } from '../helpers/examples.js';
import { freshDatabase } from '../helpers/matrix.js';
import { runIn } from '../helpers/service.js';

/**
 * The daily workflow: add two related resources to a fresh service with one command each, and the service
 * still typechecks, lints and passes its own (now larger) tests on PGlite and on PostgreSQL; its migrations
 * go down to zero and up again; removing the nested resource leaves a service that compiles and passes. (The
 * minimal preset runs every suite on PostgreSQL; those of the resources and the database run here.)
 */
const realDatabaseUrl = process.env.TEST_DATABASE_URL;
const inCi = process.env.CI === 'true' || process.env.CI === '1';
/** Of the service's suites, those that resources add (their modules, beside health's) or change (the database's). */
const resourceSuites = ['src/modules', 'src/db'];

describe('backend add resource on the minimal preset', () => {
  let workDir: string;
  let projectDir: string;
  const backend = (args: string[]) => runCli(backendBin, args, { cwd: projectDir });

  beforeAll(async () => {
    workDir = await makeTempDir('create-backend-matrix-resources');
    projectDir = join(workDir, 'resources-service');
    const created = await runCli(createBin, [projectDir, '--preset', 'minimal', '--yes', '--no-git'], { cwd: workDir });
    expect(created.exitCode, created.stderr).toBe(0);
  });

  afterAll(async () => {
    if (workDir) await removeDir(workDir);
  });

  it('adds projects, then tasks nested under projects, one command each', async () => {
    const projects = await backend(addExampleArgs('projects'));
    expect(projects.stderr).toBe('');
    expect(projects.exitCode).toBe(0);
    const tasks = await backend(addExampleArgs('tasks'));
    expect(tasks.stderr).toBe('');
    expect(tasks.exitCode).toBe(0);
    expect(tasks.stdout).toContain('src/modules/tasks/tasks.routes.ts');
  });

  it('typechecks, lints and is formatted', async () => {
    await runIn(projectDir, 'npm', ['run', 'typecheck']);
    await runIn(projectDir, 'npm', ['run', 'lint']);
    await runIn(projectDir, 'npm', ['run', 'format:check']);
  });

  it('passes its own tests, the resources’ included, on PGlite', async () => {
    const output = await runIn(projectDir, 'npm', ['test'], { TEST_DATABASE_URL: undefined });
    expect(output).toMatch(/projects\.test\.ts/);
    expect(output).toMatch(/tasks\.test\.ts/);
    expect(output).toMatch(/Tests\s+\d+ passed/);
  });

  it.runIf(realDatabaseUrl || inCi)(
    "passes its resources' and database tests on a real PostgreSQL server",
    async () => {
      if (!realDatabaseUrl) throw new Error('CI must provide TEST_DATABASE_URL (see .ci/run)');
      const output = await runIn(projectDir, 'npm', ['test', '--', ...resourceSuites], {
        TEST_DATABASE_URL: realDatabaseUrl,
      });
      expect(output).toMatch(/projects\.test\.ts/);
      expect(output).toMatch(/Tests\s+\d+ passed/);
    },
  );

  it('migrates down to zero and up again, on PGlite and on PostgreSQL', async () => {
    const databases: Record<string, string | undefined>[] = [{ PGLITE_DATA_DIR: '.data/matrix' }];
    if (realDatabaseUrl)
      databases.push({ DATABASE_URL: await freshDatabase(projectDir, realDatabaseUrl, 'matrix_migrations') });
    for (const env of databases) {
      await runIn(projectDir, 'npm', ['run', 'db:migrate'], env);
      await runIn(projectDir, 'npm', ['run', 'db:rollback', '--', '--all'], env);
      await runIn(projectDir, 'npm', ['run', 'db:migrate'], env);
    }
  });

  it('refuses to remove projects while tasks reference it', async () => {
    const result = await backend(['remove', 'resource', 'projects']);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/Cannot remove projects: tasks still reference it/);
  });

  it("removes tasks, and the service still compiles and passes its resources' and database tests", async () => {
    const result = await backend(['remove', 'resource', 'tasks']);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    await runIn(projectDir, 'npm', ['run', 'typecheck']);
    await runIn(projectDir, 'npm', ['run', 'lint']);
    const output = await runIn(projectDir, 'npm', ['test', '--', ...resourceSuites], { TEST_DATABASE_URL: undefined });
    expect(output).toMatch(/projects\.test\.ts/);
    expect(output).not.toMatch(/tasks\.test\.ts/);
    expect(output).toMatch(/Tests\s+\d+ passed/);
    await runIn(projectDir, 'npm', ['run', 'db:migrate'], { PGLITE_DATA_DIR: '.data/matrix' });
  });
});

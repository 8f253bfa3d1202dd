import { appendFile, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendBin, makeTempDir, removeDir, repoRoot, runCli } from '../helpers/cli.js';
import { runIn } from '../helpers/service.js';

// `backend upgrade` from the generator as it was at an earlier commit of this repository, built from git here, to
// this one, on a service a team has edited. That commit's cache-redis test assumed Redis was the only check of
// /ready besides the database, which fails in a service with a job queue: the upgrade must bring the fix and keep
// the edits. (The earlier build uses this checkout's node_modules: its dependencies are this one's.)
const earlierCommit = '02b15ec';
const inCi = process.env.CI === 'true' || process.env.CI === '1';
const realDatabaseUrl = process.env.TEST_DATABASE_URL;

describe(`backend upgrade from the generator at ${earlierCommit}`, () => {
  let workDir: string;
  let earlier: string;
  let projectDir: string;
  const git = (...args: string[]) =>
    execa('git', ['-c', 'user.name=Team', '-c', 'user.email=team@example.com', ...args], { cwd: projectDir });
  const upgrade = (...args: string[]) => runCli(backendBin, ['upgrade', ...args], { cwd: projectDir });
  const edits = { readme: '\n## On call\n\nAsk in #backend.\n', repository: '// Notes: kept for a year.\n' };

  beforeAll(async () => {
    workDir = await makeTempDir('create-backend-matrix-upgrade');
    earlier = join(workDir, 'create-backend-earlier');
    projectDir = join(workDir, 'edited-service');
  });

  afterAll(async () => {
    if (workDir) await removeDir(workDir);
  });

  it('builds the earlier generator from git', async () => {
    await mkdir(earlier);
    const archive = execa('git', ['archive', earlierCommit], { cwd: repoRoot, encoding: 'buffer' });
    await execa('tar', ['-x', '-C', earlier], { input: (await archive).stdout });
    await symlink(join(repoRoot, 'node_modules'), join(earlier, 'node_modules'));
    await runIn(earlier, process.execPath, [
      join(repoRoot, 'node_modules/typescript/bin/tsc'),
      '-p',
      'tsconfig.build.json',
    ]);
    await runIn(earlier, process.execPath, ['scripts/precompile-templates.js']);
  });

  it('makes a service with it, which a team gives resources and edits', async () => {
    const created = await runCli(
      join(earlier, 'bin/create-backend.js'),
      [projectDir, '--preset', 'api-redis', '--queue', 'pg-boss', '--yes'],
      { cwd: workDir },
    );
    expect(created.exitCode, created.stderr).toBe(0);
    const earlierBackend = join(earlier, 'bin/backend.js');
    for (const args of [
      ['add', 'resource', 'notes', 'title:string', 'body:text?', '--owned'],
      ['add', 'resource', 'annotations', 'body:text', 'note:references(notes):cascade'],
    ]) {
      const result = await runCli(earlierBackend, args, { cwd: projectDir });
      expect(result.exitCode, result.stderr).toBe(0);
    }
    await appendFile(join(projectDir, 'README.md'), edits.readme);
    const repository = join(projectDir, 'src/modules/notes/notes.repository.ts');
    await writeFile(repository, `${edits.repository}${await readFile(repository, 'utf8')}`);
    await git('add', '-A');
    await git('commit', '-qm', 'notes, annotations and our edits');
  });

  it('says, with --check, that this generator would change files, and exits 2', async () => {
    const result = await upgrade('--check', '--from', earlier);
    expect(result.exitCode, result.stderr).toBe(2);
    expect(result.stdout).toContain('would change src/lib/redis-cache-store.test.ts');
  });

  it('upgrades: the fix comes in, the edits stay, and it compiles', async () => {
    const result = await upgrade('--from', earlier);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^UPDATE +src\/lib\/redis-cache-store\.test\.ts$/m);
    expect(result.stdout).not.toMatch(/^CONFLICT/m);
    expect(await readFile(join(projectDir, 'README.md'), 'utf8')).toContain(edits.readme);
    expect(await readFile(join(projectDir, 'src/modules/notes/notes.repository.ts'), 'utf8')).toMatch(
      /^\/\/ Notes: kept for a year\./,
    );
    await git('add', '-A');
    await git('commit', '-qm', 'upgrade');
    await runIn(projectDir, 'npm', ['run', 'typecheck']);
    await runIn(projectDir, 'npm', ['run', 'lint']);
    await runIn(projectDir, 'npm', ['run', 'format:check']);

    const again = await upgrade('--check');
    expect(again.exitCode, again.stderr).toBe(0);
  });

  it.runIf(realDatabaseUrl || inCi)('passes its tests on PostgreSQL and Redis', async () => {
    if (!realDatabaseUrl) throw new Error('CI must provide TEST_DATABASE_URL (see .ci/run)');
    const output = await runIn(projectDir, 'npm', ['test'], { TEST_DATABASE_URL: realDatabaseUrl });
    expect(output).toMatch(/Tests\s+\d+ passed/);
  });
});

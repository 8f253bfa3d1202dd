import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addExampleArgs } from '../helpers/examples.js';
import { backendBin, createBin, makeTempDir, removeDir, repoRoot, runCli, treeSnapshot } from '../helpers/cli.js';

/** `backend upgrade` within one version of the generator; from an earlier one, see test/matrix/upgrade.test.ts. */
let workDir: string;
let project: string;

const git = (...args: string[]) =>
  execa('git', ['-c', 'user.name=Team', '-c', 'user.email=team@example.com', ...args], { cwd: project });
const backend = (...args: string[]) => runCli(backendBin, args, { cwd: project });
const withoutGit = async () =>
  Object.fromEntries(Object.entries(await treeSnapshot(project)).filter(([path]) => !path.startsWith('.git/')));

beforeAll(async () => {
  workDir = await makeTempDir('create-backend-upgrade');
  project = join(workDir, 'svc');
  const created = await runCli(createBin, [project, '--preset', 'minimal', '--yes', '--no-install'], { cwd: workDir });
  expect(created.exitCode, created.stderr).toBe(0);
  for (const args of [addExampleArgs('projects'), addExampleArgs('tasks')]) {
    expect((await runCli(backendBin, args, { cwd: project })).exitCode).toBe(0);
  }
  await appendFile(join(project, 'README.md'), '\n## On call\n\nAsk in #backend.\n');
  await git('add', '-A');
  await git('commit', '-qm', 'projects, tasks and our README');
});

afterAll(async () => {
  await removeDir(workDir);
});

describe('backend upgrade', () => {
  it('to the version that made the service changes nothing, and --check says so', async () => {
    const before = await withoutGit();

    const check = await backend('upgrade', '--check');
    expect(check.exitCode, check.stderr).toBe(0);
    expect(check.stdout.trim()).toMatch(/^Up to date: create-backend \S+ would change no file\.$/);

    const result = await backend('upgrade');
    expect(result.exitCode, result.stderr).toBe(0);
    const lines = result.stdout.split('\n').filter((line) => /^[A-Z]+ {2,}/.test(line));
    expect(lines.length).toBeGreaterThan(50);
    expect(lines.filter((line) => !line.startsWith('SKIP'))).toEqual([]);
    expect(await withoutGit()).toEqual(before);
  });

  it('runs the codemods a service has not had on its own code, once, and records them', async () => {
    // As a service made before the migrator allowed unordered migrations, whose team rewrote the migrator since.
    const manifestFile = join(project, 'backend.json');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as { codemods?: string[] };
    expect(manifest.codemods).toContain('migrator-allows-unordered-migrations');
    delete manifest.codemods;
    await writeFile(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
    const migrator = join(project, 'src/db/migrator.ts');
    const ours = (await readFile(migrator, 'utf8'))
      .replace(/\n *\/\/ A feature added later[^\n]*\n[^\n]*\n *allowUnorderedMigrations: true,/, '')
      .replace('return new Migrator({', '// Ours.\n  return new Migrator({');
    expect(ours).not.toContain('allowUnorderedMigrations');
    await writeFile(migrator, ours);
    await git('commit', '-qam', 'our migrator, from before');

    const check = await backend('upgrade', '--check');
    expect(check.exitCode).toBe(2);
    expect(check.stdout).toContain('would run the codemod migrator-allows-unordered-migrations');

    const result = await backend('upgrade');

    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^CODEMOD +src\/db\/migrator\.ts +\(migrator-allows-unordered-migrations\)$/m);
    const after = await readFile(migrator, 'utf8');
    expect(after).toContain('// Ours.');
    expect(after).toMatch(/provider: new FileMigrationProvider\(.*\),\n *allowUnorderedMigrations: true,\n *\}\);/);
    expect((JSON.parse(await readFile(manifestFile, 'utf8')) as typeof manifest).codemods).toContain(
      'migrator-allows-unordered-migrations',
    );
    await git('commit', '-qam', 'upgraded');

    const again = await backend('upgrade');
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).not.toContain('CODEMOD');
    expect((await git('status', '--porcelain')).stdout).toBe('');
  });

  it('refuses, in one line and writing nothing, a service another version made, or a folder with no generator', async () => {
    const manifestFile = join(project, 'backend.json');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as { generator: { version: string } };
    manifest.generator.version = '0.0.1';
    await writeFile(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
    await git('commit', '-qam', 'as if an earlier version made it');
    const before = await withoutGit();

    // Without --from, that version comes from npm: here, a registry where nothing listens.
    const offline = { npm_config_registry: 'http://127.0.0.1:9/', npm_config_fetch_retries: '0' };
    const result = await runCli(backendBin, ['upgrade'], { cwd: project, env: offline });
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim()).toMatch(
      /^Error: Cannot reach the npm registry to install create-backend@0\.0\.1 \(offline\?\): give the generator that made the service with --from <its folder, built, or a tarball>; nothing was written\.$/,
    );
    const from = await backend('upgrade', '--from', workDir);
    expect(from.exitCode).toBe(1);
    expect(from.stderr.trim()).toMatch(/^Error: \S+ holds no built create-backend that can render a service/);
    expect(await withoutGit()).toEqual(before);
  });

  it('renders the base with the generator as npm installs it, given as a tarball', async () => {
    // The service says 0.0.1 (the test before): the generator of this checkout, packed, stands for that version.
    const packed = await execa('npm', ['pack', '--silent', '--pack-destination', workDir, repoRoot], { cwd: workDir });
    const tarball = join(workDir, packed.stdout.trim().split('\n').at(-1)!);

    // Installed into a cache folder under the temporary directory: this test's own, removed with it.
    const tmp = join(workDir, 'tmp');
    await mkdir(tmp);
    const result = await runCli(backendBin, ['upgrade', '--from', tarball], { cwd: project, env: { TMPDIR: tmp } });

    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^UPDATE +backend\.json  \(records what made the service now\)$/m);
    expect(result.stdout).toContain('Upgraded from create-backend 0.0.1 to create-backend');
    expect((await git('status', '--porcelain')).stdout.trim()).toBe('M backend.json');
  }, 300_000);
});

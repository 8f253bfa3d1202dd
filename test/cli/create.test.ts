import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plan } from '../../src/engine/plan.js';
import { allFeatures } from '../../src/features/index.js';
import type { Options } from '../../src/options/schema.js';
import { backendBin, createBin, listTree, makeTempDir, removeDir, runCli } from '../helpers/cli.js';

let workDir: string;

beforeEach(async () => {
  workDir = await makeTempDir('create-backend-cli');
});

afterEach(async () => {
  await removeDir(workDir);
});

describe('create-backend', () => {
  it('lists every file with its size on --dry-run and writes nothing', async () => {
    const result = await runCli(createBin, ['svc', '--yes', '--dry-run'], { cwd: workDir });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^\s+\d+ {2}src\/app\.ts$/m);
    expect(result.stdout).toMatch(/^\s+\d+ {2}package\.json$/m);
    expect(result.stdout).toMatch(/Dry run: \d+ files, \d+ bytes would be written to .*svc; nothing was written\./);
    expect(await listTree(workDir)).toEqual([]);
  });

  it('writes the service, says what it used by default, and prints the next steps', async () => {
    const result = await runCli(createBin, ['svc', '--no-install', '--no-git'], { cwd: workDir });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/Created svc in .*svc \(\d+ files\)/);
    expect(result.stdout).toContain('Next steps:\n  cd svc\n  npm install\n  npm run dev');
    const files = await listTree(join(workDir, 'svc'));
    expect(files).toEqual(expect.arrayContaining(['.gitignore', '.env', '.env.example', 'backend.json', 'src/app.ts']));
    expect(files).not.toContain('_gitignore');
    const packageJson = JSON.parse(await readFile(join(workDir, 'svc/package.json'), 'utf8')) as { name: string };
    expect(packageJson.name).toBe('svc');
  });

  it('goes on to the end, with its first commit, when its reader stops early (| head)', async () => {
    const child = execa(process.execPath, [createBin, 'svc', '--yes', '--no-install'], {
      cwd: workDir,
      reject: false,
      stdin: 'ignore',
      env: { npm_config_user_agent: '' },
    });
    child.stdout!.destroy(); // before the first line is written: every write meets a closed pipe
    const result = await child;
    expect(result.stderr).not.toContain('EPIPE');
    expect(result.exitCode).toBe(0);
    const log = await execa('git', ['log', '--oneline'], { cwd: join(workDir, 'svc') });
    expect(log.stdout).toContain('Initial commit from create-backend');
  });

  it('writes from its precompiled templates exactly what the templates themselves give', async () => {
    // The built CLI renders from dist/templates.precompiled.cjs; plan() here, run from src/, compiles the
    // templates as it goes. Every file but .env (fresh secrets each time) must match byte for byte.
    const result = await runCli(createBin, ['svc', '--no-install', '--no-git'], { cwd: workDir });
    expect(result.exitCode).toBe(0);
    const project = join(workDir, 'svc');
    const manifest = JSON.parse(await readFile(join(project, 'backend.json'), 'utf8')) as { options: Options };
    const tree = plan({ ...manifest.options, install: false, git: false }, allFeatures);
    const listed = await listTree(project);
    const written: string[] = [];
    for (const path of listed) if ((await stat(join(project, path))).isFile() && path !== '.env') written.push(path);
    const planned = tree.entries().filter((entry) => entry.path !== '.env');
    expect(written).toEqual(planned.map((entry) => entry.path));
    for (const entry of planned) {
      expect((await readFile(join(project, entry.path))).equals(Buffer.from(entry.content)), entry.path).toBe(true);
    }
  });

  it('fills an empty directory that already exists', async () => {
    await execa('mkdir', [join(workDir, 'empty')]);
    const result = await runCli(createBin, ['empty', '--yes', '--no-install', '--no-git'], { cwd: workDir });
    expect(result.exitCode).toBe(0);
    expect((await stat(join(workDir, 'empty/src/main.ts'))).isFile()).toBe(true);
  });

  it('makes a first commit, but not inside an existing git repository', async () => {
    const alone = await runCli(createBin, ['alone', '--yes', '--no-install'], { cwd: workDir });
    expect(alone.stdout).toContain('Initialised a git repository with a first commit.');
    const log = await execa('git', ['log', '--format=%s'], { cwd: join(workDir, 'alone') });
    expect(log.stdout).toBe('Initial commit from create-backend');

    const nested = await runCli(createBin, ['nested', '--yes', '--no-install'], { cwd: join(workDir, 'alone') });
    expect(nested.exitCode).toBe(0);
    expect(nested.stdout).toContain('Skipped git init: the project is inside an existing git repository.');
    expect(await listTree(join(workDir, 'alone/nested'))).not.toContain('.git');
  });

  it('prints its version and help', async () => {
    const version = await runCli(createBin, ['--version'], { cwd: workDir });
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+$/);
    const help = await runCli(createBin, ['--help'], { cwd: workDir });
    expect(help.exitCode).toBe(0);
    for (const flag of [
      '--preset',
      '--auth',
      '--cache',
      '--queue',
      '--search',
      '--pm',
      '--no-install',
      '--no-git',
      '--yes',
      '--dry-run',
    ]) {
      expect(help.stdout).toContain(flag);
    }
  });
});

describe('backend', () => {
  it('recognises a generated service from any folder inside it', async () => {
    await runCli(createBin, ['svc', '--yes', '--no-install', '--no-git'], { cwd: workDir });
    const result = await runCli(backendBin, ['info'], { cwd: join(workDir, 'svc/src/modules') });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('svc (');
    expect(result.stdout).toContain('resources: none');
  });

  it('refuses, in one line, a folder that is not a generated service', async () => {
    const result = await runCli(backendBin, ['info'], { cwd: workDir });
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/No backend\.json found in .* or above/);
  });

  it('refuses a backend.json it did not write', async () => {
    await execa('sh', ['-c', `echo '{"name":"other"}' > backend.json`], { cwd: workDir });
    const result = await runCli(backendBin, ['info'], { cwd: workDir });
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/was not written by create-backend/);
  });
});

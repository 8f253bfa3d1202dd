import { spawnSync } from 'node:child_process';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBin, listTree, makeTempDir, removeDir, runCli, type CliResult } from '../helpers/cli.js';

let workDir: string;

function commandExists(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}

beforeEach(async () => {
  workDir = await makeTempDir('create-backend-bad-input');
});

afterEach(async () => {
  await chmod(workDir, 0o755).catch(() => {});
  await removeDir(workDir);
});

/** The shape every refusal must have: one line on stderr, a non-zero exit, nothing on disk changed. */
async function expectRefusal(args: string[], message: RegExp, dir = workDir): Promise<CliResult> {
  const before = await listTree(dir);
  const result = await runCli(createBin, args, { cwd: dir });
  expect(result.exitCode).not.toBe(0);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(message);
  expect(await listTree(dir)).toEqual(before);
  return result;
}

const quiet = ['--yes', '--no-install', '--no-git'];

describe('create-backend refuses bad input with one line and writes nothing', () => {
  it('refuses an invalid package name', async () => {
    await expectRefusal(['My App', ...quiet], /Invalid project name "My App"/);
  });

  it('refuses a name that starts with a dot', async () => {
    await expectRefusal(['.hidden', ...quiet], /Invalid project name "\.hidden"/);
  });

  it('refuses a target directory that exists and is not empty', async () => {
    await mkdir(join(workDir, 'taken'));
    await writeFile(join(workDir, 'taken', 'notes.txt'), 'mine');
    await expectRefusal(['taken', ...quiet], /taken exists and is not empty/);
  });

  it('refuses a target that is a file', async () => {
    await writeFile(join(workDir, 'afile'), 'mine');
    await expectRefusal(['afile', ...quiet], /afile exists and is not a directory/);
  });

  it('refuses an unknown preset, naming the ones that exist', async () => {
    await expectRefusal(['svc', '--preset', 'nope', ...quiet], /Unknown preset "nope"; available presets: .*minimal/);
  });

  it('refuses an unknown option value, listing the valid ones', async () => {
    await expectRefusal(
      ['svc', '--auth', 'magic', ...quiet],
      /Unknown value "magic" for --auth; expected one of: none, session, jwt, api-key, oidc/,
    );
  });

  it('refuses an unknown package manager', async () => {
    await expectRefusal(['svc', '--pm', 'bun', ...quiet], /Unknown value "bun" for --pm/);
  });

  it.runIf(!commandExists('pnpm'))('refuses a package manager that is not installed, before writing', async () => {
    await expectRefusal(['svc', '--pm', 'pnpm', '--yes', '--no-git'], /pnpm is not installed/);
  });

  it('refuses a search language the engine does not have, or one without search', async () => {
    await expectRefusal(
      ['svc', '--search', 'postgres', '--search-language', 'klingon', ...quiet],
      /Unknown value "klingon" for --search-language; expected one of: simple, arabic/,
    );
    await expectRefusal(
      ['svc', '--search-language', 'french', ...quiet],
      /--search-language sets the language of full-text search: give --search postgres or elasticsearch/,
    );
    await expectRefusal(
      ['svc', '--search', 'elasticsearch', '--search-language', 'nepali', ...quiet],
      /Elasticsearch has no stemmer for nepali; with --search elasticsearch, --search-language is one of: simple,/,
    );
  });

  it('refuses an unknown flag', async () => {
    await expectRefusal(['svc', '--colour', 'blue', ...quiet], /unknown option '--colour'/);
  });

  it('refuses a preset file that is not JSON', async () => {
    await writeFile(join(workDir, 'team.json'), '{ auth: none');
    await expectRefusal(['svc', '--preset', './team.json', ...quiet], /The preset \.\/team\.json is not valid JSON/);
  });

  it('refuses a preset file that fails the schema, naming the field', async () => {
    await writeFile(join(workDir, 'team.json'), JSON.stringify({ options: { cache: 'memcached' } }));
    await expectRefusal(
      ['svc', '--preset', './team.json', ...quiet],
      /The preset \.\/team\.json is invalid: options\.cache/,
    );
  });

  it('refuses a preset file with an unknown key', async () => {
    await writeFile(join(workDir, 'team.json'), JSON.stringify({ options: { database: 'mysql' } }));
    await expectRefusal(
      ['svc', '--preset', './team.json', ...quiet],
      /The preset \.\/team\.json is invalid: .*database/,
    );
  });

  it('refuses a missing directory argument when it cannot ask', async () => {
    await expectRefusal([...quiet], /Missing the project directory/);
  });

  it('refuses a parent directory it cannot write to', async () => {
    // root ignores file modes, so as root use a read-only kernel file system instead.
    const isRoot = process.getuid?.() === 0;
    const parent = isRoot ? '/sys' : join(workDir, 'locked');
    if (!isRoot) {
      await mkdir(parent);
      await chmod(parent, 0o555);
    }
    const before = await listTree(isRoot ? workDir : parent);
    const result = await runCli(createBin, [join(parent, 'svc'), ...quiet], { cwd: workDir });
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/Cannot write to .*: (permission denied|the file system is read-only)/);
    expect(await listTree(isRoot ? workDir : parent)).toEqual(before);
  });

  it('refuses a parent directory that does not exist, creating nothing', async () => {
    await expectRefusal(
      [join('missing', 'deeper', 'svc'), ...quiet],
      /Cannot write to .*missing.*: the parent directory does not exist/,
    );
  });

  it('keeps the generated files, removes partial node_modules and explains how to retry when install fails', async () => {
    const result = await runCli(createBin, ['svc', '--yes', '--no-git'], {
      cwd: workDir,
      // A registry nobody listens on: npm fails at once, as it would offline.
      env: { npm_config_registry: 'http://127.0.0.1:9/', npm_config_fetch_retries: '0' },
    });
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/npm (error|ERR!)/);
    const lastLine = result.stderr.trim().split('\n').at(-1) ?? '';
    expect(lastLine).toMatch(/npm install failed .* run `cd svc && npm install`/);
    const files = await listTree(join(workDir, 'svc'));
    expect(files).toContain('package.json');
    expect(files).toContain('src');
    expect(files).not.toContain('node_modules');
  });
});

import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendBin, createBin, listTree, makeTempDir, removeDir, runCli } from '../helpers/cli.js';

/**
 * Team presets from git, without the network: git's `url.<base>.insteadOf` (set through the environment, so the
 * generator's own git sees it) turns https://github.com/ into a folder of bare repositories made here, and
 * https://gitlab.com/ into a port where nothing listens.
 */
let workDir: string;
let remotes: string;
let authoring: string;
let env: Record<string, string>;

const git = (cwd: string, ...args: string[]) =>
  execa('git', ['-c', 'user.name=Team', '-c', 'user.email=team@example.com', ...args], { cwd });

/** Publishes the preset's files as they are after `change` (path → text; null deletes), tagged `tag`. */
async function publish(tag: string, change: Record<string, string | null>): Promise<string> {
  for (const [path, text] of Object.entries(change)) {
    const file = join(authoring, path);
    if (text === null) await rm(file);
    else {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, text);
    }
  }
  await git(authoring, 'add', '-A');
  await git(authoring, 'commit', '-qm', tag);
  await git(authoring, 'tag', '-a', tag, '-m', tag);
  await git(authoring, 'push', '-q', 'origin', 'HEAD:main', tag);
  return (await git(authoring, 'rev-parse', `${tag}^{}`)).stdout.trim();
}

const create = (args: string[]) => runCli(createBin, args, { cwd: workDir, env });
const backend = (cwd: string, ...args: string[]) => runCli(backendBin, args, { cwd, env });
const manifestOf = async (dir: string) =>
  JSON.parse(await readFile(join(dir, 'backend.json'), 'utf8')) as {
    options: Record<string, string>;
    preset?: { source: string; commit: string };
  };
const leftovers = async () => (await readdir(tmpdir())).filter((name) => name.startsWith('create-backend-preset-'));

const v1 = {
  'preset.json': JSON.stringify({
    description: "Acme's services",
    options: { auth: 'jwt' },
    packageJson: {
      devDependencies: { '@acme/conventions': '^2.1.0' },
      scripts: { 'acme:audit': 'acme-conventions check .' },
    },
  }),
  'files/CODEOWNERS': '* @acme/platform\n',
  'files/docs/RUNBOOK.md.hbs': '# Runbook: {{name}}\n\nPage the owners of {{name}}.\n',
  'templates/README.md.hbs': '# {{name}}\n\nAn Acme service.\n\n{{#each readmeSections}}\n{{this}}\n\n{{/each}}\n',
  // degit's actions, which would copy an environment variable (a secret) into a file: never run.
  'degit.json': JSON.stringify([
    { action: 'search_replace', files: ['files/CODEOWNERS'], pattern: 'platform', replacement: 'ACME_SECRET' },
  ]),
  // A replacement for a file of a feature these options leave out: unused until the feature is added.
  'templates/src/lib/redis-cache-store.ts': '// Acme keeps its own Redis store\n',
};
let v1Commit: string;

beforeAll(async () => {
  workDir = await makeTempDir('create-backend-team-preset');
  remotes = join(workDir, 'remotes');
  authoring = join(workDir, 'authoring');
  env = {
    GIT_CONFIG_COUNT: '2',
    GIT_CONFIG_KEY_0: `url.${remotes}/.insteadOf`,
    GIT_CONFIG_VALUE_0: 'https://github.com/',
    GIT_CONFIG_KEY_1: 'url.http://127.0.0.1:9/.insteadOf',
    GIT_CONFIG_VALUE_1: 'https://gitlab.com/',
    ACME_SECRET: 'the-secret-of-acme',
  };
  for (const name of ['backend-standard', 'not-a-preset']) {
    await mkdir(join(remotes, 'acme', name), { recursive: true });
    await git(join(remotes, 'acme', name), 'init', '-q', '--bare');
  }
  await git(workDir, 'clone', '-q', join(remotes, 'acme/not-a-preset'), 'other');
  await writeFile(join(workDir, 'other/README.md'), 'Notes, not a preset.\n');
  await git(join(workDir, 'other'), 'add', '-A');
  await git(join(workDir, 'other'), 'commit', '-qm', 'notes');
  await git(join(workDir, 'other'), 'push', '-q', 'origin', 'HEAD:main');

  await git(workDir, 'clone', '-q', join(remotes, 'acme/backend-standard'), 'authoring');
  // A link to a file of the machine that fetches the preset: never followed, never copied into a service.
  await mkdir(join(authoring, 'files'), { recursive: true });
  await symlink('/etc/hostname', join(authoring, 'files/host.txt'));
  v1Commit = await publish('v1', v1);
  await publish('collides', { 'files/README.md': 'ours\n' });
  await publish('invalid', { 'files/README.md': null, 'preset.json': '{ "options": { "cache": "memcached" } }' });
  await publish('unrenderable', { 'preset.json': v1['preset.json'], 'files/docs/RUNBOOK.md.hbs': '{{owner}}\n' });
  await publish('pins', {
    'files/docs/RUNBOOK.md.hbs': v1['files/docs/RUNBOOK.md.hbs'],
    'preset.json': JSON.stringify({ options: {}, packageJson: { dependencies: { fastify: '^4.0.0' } } }),
  });
  await publish('its-test', {
    'preset.json': JSON.stringify({ options: {}, packageJson: { scripts: { test: 'acme-test' } } }),
  });
  await publish('bad-package', {
    'preset.json': JSON.stringify({ options: {}, packageJson: { dependencies: { 'Acme Conventions': '1.0.0' } } }),
  });
  await publish('v2-draft', { 'preset.json': v1['preset.json'] });
}, 60_000);

afterAll(async () => {
  await removeDir(workDir);
});

describe('create-backend --preset <git source>', () => {
  it('starts the service from the preset at the tag: its options, its own files and its replacements, recorded', async () => {
    const result = await create(['svc', '--preset', 'github:acme/backend-standard#v1', '--yes', '--no-install']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      `Team preset github:acme/backend-standard#v1 at ${v1Commit.slice(0, 12)}: 2 file(s) of its own; its own version ` +
        'of README.md; @acme/conventions and the script acme:audit in package.json.',
    );
    const svc = join(workDir, 'svc');
    const manifest = await manifestOf(svc);
    expect(manifest.options).toMatchObject({ auth: 'jwt', cache: 'none' });
    expect(manifest.preset).toEqual({ source: 'github:acme/backend-standard#v1', commit: v1Commit });
    expect(await readFile(join(svc, 'CODEOWNERS'), 'utf8')).toBe('* @acme/platform\n');
    expect(existsSync(join(svc, 'host.txt'))).toBe(false);
    expect(await readFile(join(svc, 'docs/RUNBOOK.md'), 'utf8')).toBe('# Runbook: svc\n\nPage the owners of svc.\n');
    const readme = await readFile(join(svc, 'README.md'), 'utf8');
    expect(readme.startsWith('# svc\n\nAn Acme service.\n')).toBe(true);
    expect(readme).toContain('## Users, roles and permissions'); // the features' sections, through the team's README
    const recorded = Object.keys(((await manifestOf(svc)) as unknown as { files: object }).files);
    expect(recorded).toEqual(expect.arrayContaining(['CODEOWNERS', 'docs/RUNBOOK.md', 'README.md']));
    expect(recorded).not.toContain('src/lib/redis-cache-store.ts');
    const pkg = JSON.parse(await readFile(join(svc, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    expect(pkg.devDependencies?.['@acme/conventions']).toBe('^2.1.0');
    expect(Object.keys(pkg.devDependencies ?? {})).toEqual(Object.keys(pkg.devDependencies ?? {}).sort());
    expect(pkg.scripts?.['acme:audit']).toBe('acme-conventions check .');
    expect(pkg.scripts?.test).toBe('vitest run');
    expect(await leftovers()).toEqual([]);
  });

  it('flags still override the preset', async () => {
    const result = await create([
      'flagged',
      '--preset',
      'github:acme/backend-standard#v1',
      '--auth',
      'none',
      '--yes',
      '--no-install',
    ]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect((await manifestOf(join(workDir, 'flagged'))).options).toMatchObject({ auth: 'none', cache: 'none' });
    await removeDir(join(workDir, 'flagged'));
  });

  it.each([
    [
      'github:acme/missing',
      /^Cannot fetch the preset github:acme\/missing: no such repository, or no access to it \(.+\)\.$/,
    ],
    [
      'github:acme/backend-standard#v9',
      /^Cannot fetch the preset github:acme\/backend-standard#v9: it has no branch, tag or commit "v9"\.$/,
    ],
    [
      'gitlab:acme/backend-standard',
      /^Cannot fetch the preset gitlab:acme\/backend-standard: the network or its host is unreachable \(.+\)\.$/,
    ],
    [
      'github:acme/not-a-preset',
      /^The preset github:acme\/not-a-preset has no preset\.json at its root: is it a create-backend preset\?$/,
    ],
    [
      'github:acme/backend-standard#invalid',
      /^The preset github:acme\/backend-standard#invalid's preset\.json is invalid: options\.cache: .+\.$/,
    ],
    [
      'github:acme/backend-standard#collides',
      /^The preset .+ has files\/README\.md, a file create-backend generates: to replace it, the preset keeps it as templates\/README\.md\.$/,
    ],
    [
      'github:acme/backend-standard#unrenderable',
      /^The preset .+ has files\/docs\/RUNBOOK\.md\.hbs, which does not render: .*owner.*$/,
    ],
    [
      'github:acme/backend-standard#pins',
      /^The preset .+'s preset\.json adds fastify to package\.json, which create-backend pins \(5\.[\d.]+\): a preset adds packages, it does not change the version of one the generated code is tested with\.$/,
    ],
    [
      'github:acme/backend-standard#its-test',
      /^The preset .+'s preset\.json adds the script "test", which create-backend defines: give the team's script a name of its own\.$/,
    ],
    [
      'github:acme/backend-standard#bad-package',
      /^The preset .+'s preset\.json is invalid: packageJson\.dependencies\.Acme Conventions: use lower case letters.+\.$/,
    ],
    ['github:', /^Cannot read the preset source "github:": .+$/],
  ])('%s fails in one line and writes nothing', async (source, message) => {
    const before = await listTree(workDir);
    const result = await create(['refused', '--preset', source, '--yes', '--no-install']);
    expect(result.exitCode).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.replace(/^Error: /, '')).toMatch(message);
    expect(await listTree(workDir)).toEqual(before);
    expect(await leftovers()).toEqual([]);
  });
});

describe('a service from a team preset, later', () => {
  let svc: string;
  let v2Commit: string;

  beforeAll(async () => {
    svc = join(workDir, 'svc');
    // In the middle of a section, away from where the preset's and the features' changes go.
    const readme = await readFile(join(svc, 'README.md'), 'utf8');
    const at = readme.indexOf('A route names the permission');
    await writeFile(join(svc, 'README.md'), `${readme.slice(0, at)}Ask in #acme-backend.\n\n${readme.slice(at)}`);
    const pkg = JSON.parse(await readFile(join(svc, 'package.json'), 'utf8')) as { dependencies: object };
    pkg.dependencies = { ...pkg.dependencies, 'left-pad': '1.3.0' };
    await writeFile(join(svc, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
    await git(svc, 'commit', '-qam', 'our on-call line, and a package of ours');
    v2Commit = await publish('v2', {
      'preset.json': JSON.stringify({
        options: { auth: 'jwt', queue: 'pg-boss' },
        packageJson: {
          devDependencies: { '@acme/conventions': '^3.0.0' },
          scripts: { 'acme:audit': 'acme-conventions check --strict .' },
        },
      }),
      'files/CODEOWNERS': '* @acme/platform @acme/security\n',
      'templates/README.md.hbs': v1['templates/README.md.hbs'].replace(
        'An Acme service.',
        'An Acme service; see go/acme.',
      ),
    });
  }, 60_000);

  it('backend upgrade --check exits 2 naming what the new version changes; nothing is written', async () => {
    const unchanged = await backend(svc, 'upgrade', '--check');
    expect(unchanged.exitCode, unchanged.stderr).toBe(0);
    expect(unchanged.stdout).toContain('Up to date');

    const check = await backend(svc, 'upgrade', '--check', '--preset', 'github:acme/backend-standard#v2');
    expect(check.exitCode).toBe(2);
    expect(check.stdout.split('\n')).toEqual(
      expect.arrayContaining(['would change CODEOWNERS', 'would change README.md', 'would change package.json']),
    );
    expect((await git(svc, 'status', '--porcelain')).stdout).toBe('');
  });

  it("backend upgrade --preset brings the preset's next version in, keeping the service's edits and options", async () => {
    const result = await backend(svc, 'upgrade', '--preset', 'github:acme/backend-standard#v2');
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^UPDATE +CODEOWNERS$/m);
    expect(result.stdout).toMatch(/^MERGE +README\.md$/m);
    expect(result.stdout).toContain(
      'The preset chooses queue pg-boss, which this service has not: `backend add queue pg-boss` adds it.',
    );
    const readme = await readFile(join(svc, 'README.md'), 'utf8');
    expect(readme).toContain('An Acme service; see go/acme.');
    expect(readme).toContain('Ask in #acme-backend.');
    expect(await readFile(join(svc, 'CODEOWNERS'), 'utf8')).toBe('* @acme/platform @acme/security\n');
    expect(result.stdout).toMatch(/^MERGE +package\.json$/m);
    const pkg = JSON.parse(await readFile(join(svc, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    expect(pkg.devDependencies?.['@acme/conventions']).toBe('^3.0.0');
    expect(pkg.scripts?.['acme:audit']).toBe('acme-conventions check --strict .');
    expect(pkg.dependencies?.['left-pad']).toBe('1.3.0');
    const manifest = await manifestOf(svc);
    expect(manifest.preset).toEqual({ source: 'github:acme/backend-standard#v2', commit: v2Commit });
    expect(manifest.options.queue).toBe('none');
    await git(svc, 'commit', '-qam', 'preset v2');

    const again = await backend(svc, 'upgrade', '--check');
    expect(again.exitCode, again.stderr).toBe(0);
  });

  it("backend add <feature> renders with the preset as recorded: its replacement of the feature's file comes in", async () => {
    const result = await backend(svc, 'add', 'cache', 'redis');
    expect(result.exitCode, result.stderr).toBe(0);
    expect(await readFile(join(svc, 'src/lib/redis-cache-store.ts'), 'utf8')).toBe(
      '// Acme keeps its own Redis store\n',
    );
    const readme = await readFile(join(svc, 'README.md'), 'utf8');
    expect(readme).toContain('An Acme service; see go/acme.');
    expect(readme).toContain('Ask in #acme-backend.');
    expect(readme).toMatch(/^## Cache$/m);
    expect(await readFile(join(svc, 'CODEOWNERS'), 'utf8')).toBe('* @acme/platform @acme/security\n');
    expect((await manifestOf(svc)).preset).toEqual({ source: 'github:acme/backend-standard#v2', commit: v2Commit });
  });
});

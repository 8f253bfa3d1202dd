import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { renderedPath } from '../engine/render.js';
import { versions } from '../engine/versions.js';
import { UserError } from '../errors.js';
import { allFeatures } from '../features/index.js';
import { describeIssues, teamPresetSchema, type PackageAdditions, type Preset } from './schema.js';

/**
 * A team's preset, kept in a git repository so that every service the team starts has the same shape:
 *
 *   preset.json    the options, as a built-in preset gives them ({ "description": ..., "options": { ... } }), and
 *                  what the team adds to package.json ({ "packageJson": { "dependencies": ..., "scripts": ... } })
 *   files/         the team's own files, added to every service (CODEOWNERS, a CI workflow, docs, ...)
 *   templates/     replacements for files create-backend generates, at the same path (templates/README.md.hbs)
 *
 * Files ending in .hbs are rendered with the generator's values ({{name}}, {{options.auth}}, ...); the others are
 * copied byte for byte. The source and the commit it resolved to are recorded in backend.json, so `backend upgrade`
 * can bring a later version of the preset into services made from an earlier one.
 */
export interface TeamPreset {
  /** As the user wrote it: github:acme/backend-standard#v3 */
  source: string;
  /** The commit the source's ref pointed at when fetched. */
  commit: string;
  preset: Preset;
  packageJson?: PackageAdditions;
  files: Map<string, Buffer>;
  overrides: Map<string, Buffer>;
}

/** What a team preset's source looks like; anything else is a built-in preset's name or a file. */
export function isGitSource(reference: string): boolean {
  return /^(github|gitlab|bitbucket):|^git@|^https:\/\//.test(reference);
}

/** The same source at another ref: how a recorded preset is fetched again, at the commit it was. */
export function atRef(source: string, ref: string): string {
  return `${source.replace(/#.*$/, '')}#${ref}`;
}

/** These are made by code from the options and merged by structure: a preset cannot replace them. */
const generatedOnly = new Set(['package.json', 'backend.json', '.env', '.env.example']);

/** Fetches a team preset with degit (its git mode, through the git on this machine) and reads it into memory. */
export async function fetchTeamPreset(source: string): Promise<TeamPreset> {
  const dir = await mkdtemp(join(tmpdir(), 'create-backend-preset-'));
  try {
    const commit = await fetchInto(source, join(dir, 'preset'));
    return { source, commit, ...(await readTeamPreset(source, join(dir, 'preset'))) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function fetchInto(source: string, dest: string): Promise<string> {
  const { default: degit } = await import('degit');
  const client = new SystemGit();
  let emitter: ReturnType<typeof degit>;
  try {
    emitter = degit(source, { mode: 'git', git: client, cache: false });
  } catch (error) {
    throw new UserError(`Cannot read the preset source "${source}": ${(error as Error).message}.`);
  }
  emitter.on('warn', () => undefined); // a failed ref lookup warns, then the clone says what went wrong
  // A degit.json in the repository would run degit's actions after the clone: one copies environment variables (the
  // developer's secrets) into files, another clones more repositories. A preset is its three folders, nothing more.
  emitter.getDirectives = () => false;
  try {
    await emitter.clone(dest);
  } catch (error) {
    throw new UserError(fetchFailure(source, client.lastFailure ?? (error as Error)));
  }
  if (!client.commit) throw new UserError(`Cannot fetch the preset ${source}: git reported no commit.`);
  return client.commit;
}

/** One line for why a fetch failed, from git's own words: offline, no such repository, no such ref. */
function fetchFailure(source: string, error: Error): string {
  const said = (error instanceof GitFailure ? error.stderr : error.message)
    .split('\n')
    .map((line) => line.replace(/^(fatal|error|remote): /, '').trim())
    .filter(Boolean);
  const all = said.join(' ');
  const first = (said[0] ?? 'git failed').replace(/\.$/, '');
  if (/could not resolve host|failed to connect|connection (refused|timed out)|network is unreachable/i.test(all)) {
    return `Cannot fetch the preset ${source}: the network or its host is unreachable (${first}).`;
  }
  if (/couldn't find remote ref|not our ref|unadvertised object/i.test(all)) {
    return `Cannot fetch the preset ${source}: it has no branch, tag or commit "${refOf(source)}".`;
  }
  if (/not found|does not appear to be a git repository|does not exist|authentication failed/i.test(all)) {
    return `Cannot fetch the preset ${source}: no such repository, or no access to it (${first}).`;
  }
  if (error instanceof GitFailure && error.missingGit) {
    return `Cannot fetch the preset ${source}: git is not installed, and team presets are fetched with it.`;
  }
  return `Cannot fetch the preset ${source}: ${first}.`;
}

function refOf(source: string): string {
  return /#(.+)$/.exec(source)?.[1] ?? 'HEAD';
}

async function readTeamPreset(source: string, dir: string): Promise<Omit<TeamPreset, 'source' | 'commit'>> {
  let text: string;
  try {
    text = await readFile(join(dir, 'preset.json'), 'utf8');
  } catch {
    throw new UserError(`The preset ${source} has no preset.json at its root: is it a create-backend preset?`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UserError(`The preset ${source}'s preset.json is not valid JSON: ${(error as Error).message}.`);
  }
  const parsed = teamPresetSchema.safeParse(data);
  if (!parsed.success) {
    throw new UserError(`The preset ${source}'s preset.json is invalid: ${describeIssues(parsed.error)}.`);
  }
  const { packageJson, ...preset } = parsed.data;
  if (packageJson) checkPackageAdditions(source, packageJson);
  const files = await readFolder(join(dir, 'files'));
  const overrides = await readFolder(join(dir, 'templates'));
  for (const [folder, entries] of [
    ['files', files],
    ['templates', overrides],
  ] as const) {
    const refused = [...entries.keys()].find((path) => generatedOnly.has(renderedPath(path)));
    if (refused) {
      throw new UserError(
        `The preset ${source} has ${folder}/${refused}, which a preset cannot replace: create-backend makes it ` +
          'from the options.',
      );
    }
  }
  return { preset, ...(packageJson ? { packageJson } : {}), files, overrides };
}

/**
 * A preset adds packages and scripts; it does not change the generator's. A package the generator pins (for any
 * feature, so that a later `backend add` cannot meet it) runs at the version the generated code is tested with, and
 * a script a feature defines is the one the README and the tests call.
 */
function checkPackageAdditions(source: string, additions: PackageAdditions): void {
  const refuse = (what: string) => {
    throw new UserError(`The preset ${source}'s preset.json ${what}.`);
  };
  const dependencies = Object.keys(additions.dependencies ?? {});
  const devDependencies = Object.keys(additions.devDependencies ?? {});
  const pinned = [...dependencies, ...devDependencies].find((name) => Object.hasOwn(versions, name));
  if (pinned) {
    refuse(
      `adds ${pinned} to package.json, which create-backend pins (${versions[pinned as keyof typeof versions]}): ` +
        'a preset adds packages, it does not change the version of one the generated code is tested with',
    );
  }
  const twice = dependencies.find((name) => devDependencies.includes(name));
  if (twice) refuse(`adds ${twice} both as a dependency and as a dev dependency`);
  const generated = new Set(allFeatures.flatMap((feature) => Object.keys(feature.scripts ?? {})));
  const script = Object.keys(additions.scripts ?? {}).find((name) => generated.has(name));
  if (script)
    refuse(`adds the script "${script}", which create-backend defines: give the team's script a name of its own`);
}

/** Every regular file under `dir`, by path relative to it; a missing folder is empty. Links are not followed. */
async function readFolder(dir: string): Promise<Map<string, Buffer>> {
  const found = new Map<string, Buffer>();
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    found.set(relative(dir, path).split('\\').join('/'), await readFile(path));
  }
  return new Map([...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** How degit describes the repository it is fetching (its Repo type, the fields used here). */
interface Repository {
  url: string;
  ssh: string;
  transport: 'https' | 'ssh';
}

interface Ref {
  hash: string;
  name?: string;
  type?: string;
}

class GitFailure extends Error {
  constructor(
    readonly stderr: string,
    readonly missingGit = false,
  ) {
    super(stderr.trim().split('\n').at(-1) ?? 'git failed');
  }
}

const run = promisify(execFile);

/**
 * degit's git mode, done by the git on this machine: it knows the developer's credentials and SSH keys (a team's
 * preset is usually private) and its configuration (`url.<base>.insteadOf`, proxies). Remembers the commit checked out.
 */
class SystemGit {
  commit: string | undefined;
  lastFailure: GitFailure | undefined;

  async fetchRefs(repository: Repository): Promise<Ref[]> {
    const listed = await this.git(['ls-remote', '--symref', address(repository)]);
    const refs = new Map<string, Ref>();
    let head: string | undefined;
    for (const line of listed.split('\n')) {
      const symbolic = /^ref: (\S+)\tHEAD$/.exec(line);
      if (symbolic) {
        head = symbolic[1];
        continue;
      }
      const [hash, name] = line.split('\t');
      if (!hash || !name) continue;
      // An annotated tag is listed twice: the tag object, then (name^{}) the commit it points at, which is kept.
      const peeled = name.endsWith('^{}');
      const full = peeled ? name.slice(0, -3) : name;
      const match = /^refs\/(heads|tags)\/(.+)$/.exec(full);
      if (full === 'HEAD') refs.set('HEAD', { hash, type: 'HEAD' });
      else if (match && (peeled || !refs.has(full))) {
        refs.set(full, { hash, name: match[2], type: match[1] === 'heads' ? 'branch' : 'tag' });
      }
    }
    const headRef = head ? refs.get(head) : undefined;
    if (!refs.has('HEAD') && headRef) refs.set('HEAD', { hash: headRef.hash, type: 'HEAD' });
    return [...refs.values()];
  }

  async clone(repository: Repository, dest: string, ref = 'HEAD'): Promise<void> {
    this.lastFailure = undefined; // a failed ref lookup is followed by this; what this meets is what to report
    await this.git(['init', '--quiet', dest]);
    await this.git(['-C', dest, 'fetch', '--quiet', '--depth', '1', address(repository), ref]);
    await this.git(['-C', dest, 'checkout', '--quiet', 'FETCH_HEAD']);
    this.commit = (await this.git(['-C', dest, 'rev-parse', 'HEAD'])).trim();
    await rm(join(dest, '.git'), { recursive: true, force: true });
  }

  private async git(args: string[]): Promise<string> {
    // Without a terminal nobody can answer a password prompt: fail instead of waiting for one.
    const env = process.stdin.isTTY ? process.env : { ...process.env, GIT_TERMINAL_PROMPT: '0' };
    try {
      return (await run('git', args, { env, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 })).stdout;
    } catch (error) {
      const failure = error as NodeJS.ErrnoException & { stderr?: string };
      this.lastFailure = new GitFailure(failure.stderr || failure.message, failure.code === 'ENOENT');
      throw this.lastFailure;
    }
  }
}

function address(repository: Repository): string {
  return repository.transport === 'ssh' ? repository.ssh : repository.url;
}

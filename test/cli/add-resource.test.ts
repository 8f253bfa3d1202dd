import { cp, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  backendBin,
  createBin,
  listTree,
  makeTempDir,
  treeSnapshot,
  removeDir,
  runCli,
  type CliResult,
} from '../helpers/cli.js';

let workDir: string;
let pristine: string;
/** A service with auth (jwt), for the resources whose rows belong to users. */
let pristineWithAuth: string;
let project: string;
let runs = 0;

beforeAll(async () => {
  workDir = await makeTempDir('create-backend-add-resource');
  pristine = join(workDir, 'pristine');
  const created = await runCli(createBin, [pristine, '--yes', '--no-install', '--no-git'], { cwd: workDir });
  expect(created.exitCode, created.stderr).toBe(0);
  pristineWithAuth = join(workDir, 'pristine-with-auth');
  const withAuth = await runCli(createBin, [pristineWithAuth, '--auth', 'jwt', '--yes', '--no-install', '--no-git'], {
    cwd: workDir,
  });
  expect(withAuth.exitCode, withAuth.stderr).toBe(0);
});

afterAll(async () => {
  await removeDir(workDir);
});

beforeEach(async () => {
  runs += 1;
  project = join(workDir, `project-${runs}`);
  await cp(pristine, project, { recursive: true });
});

const backend = (args: string[], cwd = project) => runCli(backendBin, args, { cwd });
const projectsFields = ['name:string:unique', 'description:text?', 'status:enum(active,archived)=active'];

/** One line on stderr, a non-zero exit, and the project exactly as it was. */
async function expectRefusal(args: string[], message: RegExp): Promise<CliResult> {
  const before = await treeSnapshot(project);
  const result = await backend(args);
  expect(result.exitCode).not.toBe(0);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(message);
  expect(await treeSnapshot(project)).toEqual(before);
  return result;
}

describe('backend add resource', () => {
  it('writes the migration and the module, registers them and records the resource', async () => {
    const result = await backend(['add', 'resource', 'projects', ...projectsFields]);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const files = await listTree(join(project, 'src/modules/projects'));
    expect(files).toEqual(
      expect.arrayContaining([
        'projects.repository.ts',
        'projects.routes.ts',
        'projects.schemas.ts',
        'projects.service.ts',
        'projects.test.ts',
      ]),
    );
    expect((await readdir(join(project, 'migrations'))).some((file) => /^\d{14}_create_projects\.ts$/.test(file))).toBe(
      true,
    );
    expect(await readFile(join(project, 'src/modules/index.ts'), 'utf8')).toMatch(/\[healthModule, projectsModule\]/);
    expect(await readFile(join(project, 'src/db/schema.ts'), 'utf8')).toMatch(/projects: ProjectsTable;/);
    const manifest = JSON.parse(await readFile(join(project, 'backend.json'), 'utf8'));
    expect(manifest.resources).toEqual([
      { name: 'projects', fields: projectsFields, migration: expect.stringMatching(/_create_projects\.ts$/) },
    ]);
    expect(Object.keys(manifest.files)).toContain('src/modules/projects/projects.routes.ts');
  });

  it('makes a singular name plural, and says so', async () => {
    const result = await backend(['add', 'resource', 'category', 'label:string']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Using the plural "categories" for "category"');
    expect(await listTree(join(project, 'src/modules'))).toContain('categories/categories.routes.ts');
  });

  it('shows the plan and a diff of every edit on --dry-run, and writes nothing', async () => {
    const before = await treeSnapshot(project);
    const result = await backend(['add', 'resource', 'projects', ...projectsFields, '--dry-run']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/would create +src\/modules\/projects\/projects\.routes\.ts \(\d+ bytes\)/);
    expect(result.stdout).toMatch(/would modify +src\/modules\/index\.ts/);
    expect(result.stdout).toContain('+++ b/src/modules/index.ts');
    expect(result.stdout).toMatch(/^\+export const modules: AppModule\[\] = \[healthModule, projectsModule\];$/m);
    expect(result.stdout).toContain('+++ b/src/db/schema.ts');
    expect(await treeSnapshot(project)).toEqual(before);
  });

  it.each([
    [['title:strin'], /Invalid field "title:strin": unknown type "strin"/],
    [['title:string:uniq'], /Invalid field "title:string:uniq": unknown modifier "uniq"/],
    [['title:string', 'title:text'], /Invalid field "title:text": it names the same field as "title:string"/],
    [['id:uuid'], /Invalid field "id:uuid": "id" is reserved/],
    [['updatedAt:datetime'], /Invalid field "updatedAt:datetime": "updatedAt" is reserved/],
    [
      ['owner:references(users)'],
      /Invalid field "owner:references\(users\)": "users" is not a resource of this service/,
    ],
    [['title:string:searchable(Z)'], /Invalid field "title:string:searchable\(Z\)": searchable takes one weight/],
    [
      ['title:string:searchable'],
      /Searchable fields need a service with search, and this one was generated with --search none/,
    ],
  ])('refuses %j with one line naming the token, writing nothing', async (fields, message) => {
    await expectRefusal(['add', 'resource', 'things', ...fields], message);
  });

  it('refuses an invalid resource name', async () => {
    await expectRefusal(['add', 'resource', '9lives', 'name:string'], /Invalid resource name "9lives"/);
  });

  it('refuses a resource that exists already', async () => {
    expect((await backend(['add', 'resource', 'projects', ...projectsFields])).exitCode).toBe(0);
    await expectRefusal(['add', 'resource', 'projects', 'name:string'], /The resource "projects" exists already/);
  });

  it('refuses a parent that does not exist', async () => {
    await expectRefusal(
      ['add', 'resource', 'tasks', 'title:string', '--parent', 'projects'],
      /The parent "projects" is not a resource/,
    );
  });

  it('refuses to nest more than one level deep', async () => {
    expect((await backend(['add', 'resource', 'projects', ...projectsFields])).exitCode).toBe(0);
    expect((await backend(['add', 'resource', 'tasks', 'title:string', '--parent', 'projects'])).exitCode).toBe(0);
    await expectRefusal(
      ['add', 'resource', 'notes', 'body:text', '--parent', 'tasks'],
      /Cannot nest under tasks: it is nested under projects itself/,
    );
  });

  it('refuses a parent key that would leave rows unreachable, or nothing but the key', async () => {
    expect((await backend(['add', 'resource', 'projects', ...projectsFields])).exitCode).toBe(0);
    await expectRefusal(
      ['add', 'resource', 'tasks', 'title:string', 'project:references(projects)?:set-null', '--parent', 'projects'],
      /Invalid field "project:references\(projects\)\?:set-null": the key of the --parent must be required/,
    );
    await expectRefusal(
      ['add', 'resource', 'tasks', 'project:references(projects)', '--parent', 'projects'],
      /A resource needs at least one field besides projectId/,
    );
  });

  it('refuses to run with no fields when it cannot ask', async () => {
    await expectRefusal(['add', 'resource', 'projects'], /Give at least one field/);
  });

  it('stops, naming the file, when the modules list was renamed, and writes nothing', async () => {
    const modules = join(project, 'src/modules/index.ts');
    await writeFile(
      modules,
      (await readFile(modules, 'utf8')).replace('export const modules', 'export const appModules'),
    );
    await expectRefusal(
      ['add', 'resource', 'projects', ...projectsFields],
      /Cannot edit src\/modules\/index\.ts: expected an array literal assigned to `modules`/,
    );
  });

  it('refuses to run outside a generated service', async () => {
    const result = await backend(['add', 'resource', 'projects', 'name:string'], workDir);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/No backend\.json found/);
  });
});

describe('backend add resource --owned', () => {
  const permissionsFile = 'src/auth/permissions.ts';

  /** Works on a copy of the service with auth from here on. */
  async function useServiceWithAuth(): Promise<void> {
    project = join(workDir, `project-${runs}-with-auth`);
    await cp(pristineWithAuth, project, { recursive: true });
  }

  it('grants its two permissions and records it as owned; remove takes both back', async () => {
    await useServiceWithAuth();
    const before = await treeSnapshot(project);

    const added = await backend(['add', 'resource', 'notes', 'title:string', '--owned']);
    expect(added.stderr).toBe('');
    expect(added.exitCode).toBe(0);
    const permissions = await readFile(join(project, permissionsFile), 'utf8');
    expect(permissions).toContain("  'notes:own': ['user', 'admin'], // create, read and change one's own notes\n");
    expect(permissions).toContain("  'notes:all': ['admin'], // read and change every user's notes\n");
    const manifest = JSON.parse(await readFile(join(project, 'backend.json'), 'utf8'));
    expect(manifest.resources).toEqual([
      {
        name: 'notes',
        fields: ['title:string'],
        traits: ['owned'],
        migration: expect.stringMatching(/_create_notes\.ts$/),
      },
    ]);
    expect((await backend(['info'])).stdout).toContain('resources: notes (owned)');

    const removed = await backend(['remove', 'resource', 'notes']);
    expect(removed.exitCode).toBe(0);
    expect(await readFile(join(project, permissionsFile), 'utf8')).toBe(before[permissionsFile]);
  });

  it('refuses in a service without auth, where no user could own a row', async () => {
    await expectRefusal(
      ['add', 'resource', 'notes', 'title:string', '--owned'],
      /--owned needs a service with auth \(rows belong to users\), and this one was generated with --auth none/,
    );
  });

  it('combines with --parent, and nests under an owned resource, granting the permissions of each', async () => {
    await useServiceWithAuth();
    expect((await backend(['add', 'resource', 'projects', ...projectsFields, '--owned'])).exitCode).toBe(0);
    const tasks = await backend(['add', 'resource', 'tasks', 'title:string', '--parent', 'projects', '--owned']);
    expect(tasks.stderr).toBe('');
    const comments = await backend(['add', 'resource', 'comments', 'body:text', '--parent', 'projects']);
    expect(comments.stderr).toBe('');

    const permissions = await readFile(join(project, permissionsFile), 'utf8');
    expect(permissions).toContain("'tasks:own': ['user', 'admin']");
    expect(permissions).not.toContain("'comments:own'");
    const routes = await readFile(join(project, 'src/modules/comments/comments.routes.ts'), 'utf8');
    // The parent's owner governs: reaching a project's comments takes the permission that reaches projects.
    expect(routes).toContain("const config = { permission: 'projects:own' } as const;");
  });

  it('refuses a field that would be the owner', async () => {
    await useServiceWithAuth();
    await expectRefusal(
      ['add', 'resource', 'notes', 'title:string', 'owner_id:uuid', '--owned'],
      /Invalid field "owner_id:uuid": "ownerId" is the owner that --owned adds/,
    );
  });
});

describe('backend remove resource', () => {
  it('removes what add wrote, reverts its edits, and writes a migration that drops the table', async () => {
    const before = await treeSnapshot(project);
    expect((await backend(['add', 'resource', 'projects', ...projectsFields])).exitCode).toBe(0);
    const result = await backend(['remove', 'resource', 'projects']);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const after = await treeSnapshot(project);
    expect(after['src/modules/index.ts']).toBe(before['src/modules/index.ts']);
    expect(after['src/db/schema.ts']).toBe(before['src/db/schema.ts']);
    expect(Object.keys(after).filter((path) => path.startsWith('src/modules/projects'))).toEqual([]);
    const migrations = Object.keys(after).filter((path) => path.startsWith('migrations/'));
    expect(migrations.some((path) => /_create_projects\.ts$/.test(path))).toBe(true);
    const drop = migrations.find((path) => /_drop_projects\.ts$/.test(path));
    expect(drop && after[drop]).toMatch(/dropTable\('projects'\)/);
    expect(JSON.parse(after['backend.json']!).resources).toEqual([]);
  });

  it('refuses while other resources reference it, naming them', async () => {
    expect((await backend(['add', 'resource', 'projects', ...projectsFields])).exitCode).toBe(0);
    expect((await backend(['add', 'resource', 'tasks', 'title:string', '--parent', 'projects'])).exitCode).toBe(0);
    await expectRefusal(['remove', 'resource', 'projects'], /Cannot remove projects: tasks still reference it/);
  });

  it('refuses a resource that does not exist', async () => {
    await expectRefusal(['remove', 'resource', 'projects'], /"projects" is not a resource of this service/);
  });
});

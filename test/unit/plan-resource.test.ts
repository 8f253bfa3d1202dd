import { describe, expect, it } from 'vitest';
import { plan } from '../../src/engine/plan.js';
import type { Tree } from '../../src/engine/tree.js';
import { allFeatures } from '../../src/features/index.js';
import { optionsSchema } from '../../src/options/schema.js';
import { projectManifest } from '../../src/project.js';
import { planResource, type ResourceProject, type ResourceRequest } from '../../src/resources/plan-resource.js';
import { exampleResources } from '../helpers/examples.js';

/** A generated service held in memory, as planning reads it; `root` names a folder that does not exist. */
function serviceInMemory(
  auth: 'none' | 'jwt' = 'none',
  cache: 'none' | 'memory' | 'redis' = 'none',
): { project: ResourceProject; tree: Tree } {
  const tree = plan(
    optionsSchema.parse({ name: 'svc', auth, cache, install: false, git: false }),
    allFeatures,
    '0.0.0-test',
  );
  const project: ResourceProject = {
    root: '/nowhere/svc',
    get manifest() {
      return projectManifest(tree.read('backend.json'));
    },
    read: (path) => (tree.exists(path) ? tree.read(path) : undefined),
    list: (dir) =>
      tree
        .paths()
        .filter((path) => path.startsWith(`${dir}/`))
        .map((path) => path.slice(dir.length + 1).split('/')[0]!),
  };
  return { project, tree };
}

const now = new Date('2026-11-30T12:00:00Z');

/** Plans a resource and commits the plan to the in-memory service, as the command would to disk. */
async function add(service: { project: ResourceProject; tree: Tree }, request: ResourceRequest) {
  const planned = await planResource(service.project, { now, ...request });
  for (const change of planned.changes.changes()) service.tree.write(change.path, change.after!);
  return planned;
}

const projects: ResourceRequest = { name: 'projects', fields: exampleResources.projects.fields };

describe('planResource', () => {
  it('plans the module, the migration, the registrations and the record, without touching a disk', async () => {
    const { project } = serviceInMemory();

    const planned = await planResource(project, { ...projects, now });

    expect(planned.changes.changes().map((change) => `${change.kind} ${change.path}`)).toEqual([
      'modify backend.json',
      'create migrations/20261130120000_create_projects.ts',
      'modify src/db/schema.ts',
      'modify src/modules/index.ts',
      'create src/modules/projects/projects.repository.ts',
      'create src/modules/projects/projects.routes.ts',
      'create src/modules/projects/projects.schemas.ts',
      'create src/modules/projects/projects.service.ts',
      'create src/modules/projects/projects.test.ts',
    ]);
    expect(planned.record).toEqual({
      name: 'projects',
      fields: exampleResources.projects.fields,
      migration: '20261130120000_create_projects.ts',
    });
    expect(planned.summary[0]).toBe('Added projects: /v1/projects.');
  });

  describe('in a service with a cache', () => {
    it('caches reads by id, and records it', async () => {
      const service = serviceInMemory('jwt', 'redis');

      const planned = await add(service, { ...projects, traits: ['owned'] });

      expect(planned.record.traits).toEqual(['owned', 'cached']);
      const repository = planned.changes.changes().find((change) => change.path.endsWith('projects.repository.ts'));
      expect(repository?.after).toContain("this.cache = cache.namespace('projects');");
      expect(repository?.after).toContain(
        'return project && inOwnerScope(owners, project.ownerId) ? project : undefined;',
      );
      expect(planned.summary).toContain(
        'Reads of a project by id are cached (CACHE_TTL_SECONDS); writes through the API invalidate them. ' +
          '`--no-cache` leaves a resource out.',
      );
    });

    it('keys a nested row under its parent, and constructs a cached parent with the cache', async () => {
      const service = serviceInMemory('none', 'memory');
      await add(service, projects);

      const planned = await add(service, { name: 'tasks', fields: ['title:string'], parent: 'projects' });

      const file = (suffix: string) => planned.changes.changes().find((change) => change.path.endsWith(suffix))?.after;
      expect(file('tasks.repository.ts')).toContain('return this.cache.wrap(`${projectId}:${id}`, async () => {');
      expect(file('tasks.repository.ts')).toContain('await this.cache.delete(`${projectId}:${id}`);');
      expect(file('tasks.routes.ts')).toContain('async (app, { db, cache }) => {');
      expect(file('tasks.routes.ts')).toContain(
        'new TasksService(new TasksRepository(db, cache), new ProjectsRepository(db, cache))',
      );
    });

    it('leaves a resource out with --no-cache', async () => {
      const service = serviceInMemory('none', 'memory');

      const planned = await add(service, { ...projects, cache: false });

      expect(planned.record).not.toHaveProperty('traits');
      const routes = planned.changes.changes().find((change) => change.path.endsWith('projects.routes.ts'));
      expect(routes?.after).toContain('async (app, { db }) => {');
    });

    it('does not cache a resource whose rows a delete elsewhere changes, and says why', async () => {
      const service = serviceInMemory('none', 'memory');
      await add(service, projects);

      const planned = await add(service, {
        name: 'labels',
        fields: ['name:string', 'project:references(projects)?:set-null'],
      });

      expect(planned.record).not.toHaveProperty('traits');
      expect(planned.notes).toContain(
        'Labels are not cached: projectId (ON DELETE SET NULL) lets a delete of projects change its rows inside the ' +
          'database, where the cache would not see it.',
      );
    });

    it('ignores --no-cache in a service without a cache', async () => {
      const planned = await add(serviceInMemory(), { ...projects, cache: false });

      expect(planned.record).not.toHaveProperty('traits');
    });
  });

  it('says what it assumed: a plural name, the key of the parent', async () => {
    const service = serviceInMemory();
    await add(service, projects);

    const planned = await planResource(service.project, { name: 'task', fields: ['title:string'], parent: 'project' });

    expect(planned.notes).toEqual([
      'Using the plural "tasks" for "task": resources are plural nouns (/v1/tasks).',
      'Using the plural "projects" for "project": resources are plural nouns (/v1/projects).',
      'Nested under projects: each tasks row gets projectId (ON DELETE CASCADE).',
    ]);
    expect(planned.model.traits).toEqual(['nested']);
  });

  it('grants the permissions of an owned resource, and records it as owned', async () => {
    const { project } = serviceInMemory('jwt');

    const planned = await planResource(project, { name: 'notes', fields: ['title:string'], traits: ['owned'] });

    expect(planned.changes.read('src/auth/permissions.ts')).toContain("'notes:own': ['user', 'admin']");
    expect(planned.changes.read('src/auth/permissions.ts')).toContain("'notes:all': ['admin']");
    expect(planned.record).toMatchObject({ traits: ['owned'] });
  });

  it.each<[string, 'none' | 'jwt', ResourceRequest, RegExp]>([
    ['no fields', 'none', { name: 'projects', fields: [] }, /Give at least one field/],
    ['an unknown parent', 'none', { name: 'tasks', fields: ['title:string'], parent: 'projects' }, /not a resource/],
    [
      '--owned without auth',
      'none',
      { name: 'notes', fields: ['title:string'], traits: ['owned'] },
      /needs a service with auth/,
    ],
    [
      'a field named like the owner',
      'jwt',
      { name: 'notes', fields: ['owner_id:uuid'], traits: ['owned'] },
      /"ownerId" is the owner that --owned adds/,
    ],
  ])('refuses %s, naming the problem', async (_, auth, request, message) => {
    const { project } = serviceInMemory(auth);

    await expect(planResource(project, request)).rejects.toThrow(message);
  });

  it('refuses to nest under a nested resource, or with nothing but the key', async () => {
    const service = serviceInMemory();
    await add(service, projects);
    await add(service, { name: 'tasks', fields: ['title:string'], parent: 'projects' });

    await expect(
      planResource(service.project, { name: 'notes', fields: ['body:text'], parent: 'tasks' }),
    ).rejects.toThrow(/Cannot nest under tasks: it is nested under projects itself/);
    await expect(
      planResource(service.project, { name: 'steps', fields: ['project:references(projects)'], parent: 'projects' }),
    ).rejects.toThrow(/at least one field besides projectId/);
  });

  it('nests an owned resource under an owned parent: both scopes, the parent found only within reach', async () => {
    const service = serviceInMemory('jwt');
    await add(service, { ...projects, traits: ['owned'] });

    const planned = await add(service, {
      name: 'tasks',
      fields: ['title:string'],
      parent: 'projects',
      traits: ['owned'],
    });

    expect(planned.model.traits).toEqual(['nested', 'owned']);
    const serviceFile = planned.changes.read('src/modules/tasks/tasks.service.ts');
    expect(serviceFile).toContain('this.tasks.findById(projectId, reachedBy(caller), id)');
    expect(serviceFile).toContain("this.projects.findById(ownerScope(caller, 'projects:all'), projectId)");
    expect(planned.changes.read('src/modules/tasks/tasks.routes.ts')).toContain("permission: 'tasks:own'");
  });

  it('checks that a reference to rows that belong to users names one the caller reaches', async () => {
    const service = serviceInMemory('jwt');
    await add(service, { name: 'notes', fields: ['title:string'], traits: ['owned'] });

    const planned = await add(service, { name: 'annotations', fields: ['body:text', 'note:references(notes)'] });

    const serviceFile = planned.changes.read('src/modules/annotations/annotations.service.ts');
    expect(serviceFile).toContain("this.notes.findById(ownerScope(caller, 'notes:all'), body.noteId)");
    expect(serviceFile).toContain('await this.assertReferencesReachable(caller, changes);');
    expect(planned.changes.read('src/modules/annotations/annotations.routes.ts')).toContain("permission: 'notes:own'");
    expect(planned.record).not.toHaveProperty('traits');
  });

  it('refuses a reference to rows reached through a parent that belongs to users', async () => {
    const service = serviceInMemory('jwt');
    await add(service, { ...projects, traits: ['owned'] });
    await add(service, { name: 'tasks', fields: ['title:string'], parent: 'projects' });

    await expect(planResource(service.project, { name: 'links', fields: ['task:references(tasks)'] })).rejects.toThrow(
      /Invalid field "task:references\(tasks\)": tasks are reached through projects, whose rows belong to users/,
    );
  });

  it('reads the resources that the previous version recorded as `owned: true`', async () => {
    const service = serviceInMemory('jwt');
    await add(service, { name: 'notes', fields: ['title:string'], traits: ['owned'] });
    const manifest = JSON.parse(service.tree.read('backend.json'));
    manifest.resources = [{ ...manifest.resources[0], traits: undefined, owned: true }];
    service.tree.write('backend.json', JSON.stringify(manifest));

    expect(service.project.manifest.resources[0]).toMatchObject({ name: 'notes', owned: true });
    const planned = await add(service, { name: 'annotations', fields: ['body:text', 'note:references(notes)'] });
    expect(planned.model.related.notes?.traits).toEqual(['owned']);
    expect(planned.changes.read('src/modules/annotations/annotations.routes.ts')).toContain("permission: 'notes:own'");
  });
});

import { describe, expect, it } from 'vitest';
import { EditTargetMissing, SourceEditor } from '../../src/engine/ast-edits.js';
import { formatTree } from '../../src/engine/format.js';
import { plan } from '../../src/engine/plan.js';
import { Tree } from '../../src/engine/tree.js';
import { allFeatures } from '../../src/features/index.js';
import { optionsSchema } from '../../src/options/schema.js';

const modulesFile = 'src/modules/index.ts';
const schemaFile = 'src/db/schema.ts';

function baseTree(): Tree {
  return plan(optionsSchema.parse({ name: 'svc' }), allFeatures, '0.0.0-test');
}

function registerProjects(tree: Tree): void {
  const editor = new SourceEditor(tree);
  editor.addNamedImport(modulesFile, './projects/projects.routes.js', 'projectsModule');
  editor.addArrayElement(modulesFile, 'modules', 'projectsModule');
  editor.addNamedImport(schemaFile, '../modules/projects/projects.repository.js', 'ProjectsTable', {
    typeOnly: true,
  });
  editor.addInterfaceProperty(schemaFile, 'Database', 'projects', 'ProjectsTable');
  for (const path of editor.save()) tree.markForFormatting(path);
}

describe('SourceEditor on the generated service', () => {
  it('registers a module and a table', async () => {
    const tree = baseTree();
    registerProjects(tree);
    await formatTree(tree);
    expect(tree.read(modulesFile)).toContain("import { projectsModule } from './projects/projects.routes.js';");
    expect(tree.read(modulesFile)).toMatch(/export const modules: AppModule\[\] = \[healthModule, projectsModule\];/);
    expect(tree.read(schemaFile)).toContain(
      "import type { ProjectsTable } from '../modules/projects/projects.repository.js';",
    );
    expect(tree.read(schemaFile)).toMatch(/projects: ProjectsTable;/);
  });

  it('is idempotent: a second run changes nothing', async () => {
    const tree = baseTree();
    registerProjects(tree);
    await formatTree(tree);
    const once = [tree.read(modulesFile), tree.read(schemaFile)];
    registerProjects(tree);
    await formatTree(tree);
    expect([tree.read(modulesFile), tree.read(schemaFile)]).toEqual(once);
  });

  it('leaves the code the user wrote around its targets alone', async () => {
    const tree = baseTree();
    const userCode = '\n// Our own module, registered by hand.\nexport const extraModules = [1, 2, 3];\n';
    tree.overwrite(modulesFile, tree.read(modulesFile) + userCode);
    registerProjects(tree);
    await formatTree(tree);
    expect(tree.read(modulesFile)).toContain(userCode.trim());
    expect(tree.read(modulesFile)).toContain('export const extraModules = [1, 2, 3];');
  });

  it('undoes its edits, returning the files to what they were', async () => {
    const tree = baseTree();
    const before = [tree.read(modulesFile), tree.read(schemaFile)];
    registerProjects(tree);
    await formatTree(tree);
    const editor = new SourceEditor(tree);
    editor.removeArrayElement(modulesFile, 'modules', 'projectsModule');
    editor.removeNamedImport(modulesFile, 'projectsModule');
    editor.removeInterfaceProperty(schemaFile, 'Database', 'projects');
    editor.removeNamedImport(schemaFile, 'ProjectsTable');
    for (const path of editor.save()) tree.markForFormatting(path);
    await formatTree(tree);
    expect([tree.read(modulesFile), tree.read(schemaFile)]).toEqual(before);
  });

  it('names the file and the missing target when the user renamed it', () => {
    const tree = baseTree();
    tree.overwrite(modulesFile, tree.read(modulesFile).replace('export const modules', 'export const allModules'));
    const editor = new SourceEditor(tree);
    expect(() => editor.addArrayElement(modulesFile, 'modules', 'projectsModule')).toThrow(EditTargetMissing);
    expect(() => editor.addArrayElement(modulesFile, 'modules', 'projectsModule')).toThrow(
      /Cannot edit src\/modules\/index\.ts: expected an array literal assigned to `modules`/,
    );
  });
});

describe('SourceEditor on an object literal: the permissions of a service with auth', () => {
  const permissionsFile = 'src/auth/permissions.ts';
  const authTree = () => plan(optionsSchema.parse({ name: 'svc', auth: 'jwt' }), allFeatures, '0.0.0-test');

  async function grantNotes(tree: Tree): Promise<void> {
    const editor = new SourceEditor(tree);
    editor.addObjectProperty(permissionsFile, 'grants', "'notes:own'", "['user', 'admin']", "one's own notes");
    editor.addObjectProperty(permissionsFile, 'grants', "'notes:all'", "['admin']", "every user's notes");
    for (const path of editor.save()) tree.markForFormatting(path);
    await formatTree(tree);
  }

  it('adds a property with its comment inside `{ ... } as const satisfies ...`, once', async () => {
    const tree = authTree();
    await grantNotes(tree);
    await grantNotes(tree);
    const text = tree.read(permissionsFile);
    expect(text).toContain(
      "  'users:read': ['admin'], // list and read every account\n" +
        "  'notes:own': ['user', 'admin'], // one's own notes\n" +
        "  'notes:all': ['admin'], // every user's notes\n" +
        '} as const satisfies',
    );
  });

  it('removes a property with its comment, returning the file to what it was', async () => {
    const tree = authTree();
    const before = tree.read(permissionsFile);
    await grantNotes(tree);
    const editor = new SourceEditor(tree);
    editor.removeObjectProperty(permissionsFile, 'grants', "'notes:all'");
    editor.removeObjectProperty(permissionsFile, 'grants', "'notes:own'");
    editor.removeObjectProperty(permissionsFile, 'grants', "'notes:own'");
    editor.save();
    expect(tree.read(permissionsFile)).toBe(before);
  });

  it('removes a property that shares its line with others, leaving them', () => {
    const tree = new Tree();
    tree.create('limits.ts', "const limits = { 'a:b': 1, 'c:d': 2 } as const;\n");
    const editor = new SourceEditor(tree);
    editor.removeObjectProperty('limits.ts', 'limits', "'a:b'");
    editor.save();
    expect(tree.read('limits.ts')).toBe("const limits = { 'c:d': 2 } as const;\n");
  });

  it('names the file and the missing object when the user renamed it', () => {
    const tree = authTree();
    tree.overwrite(permissionsFile, tree.read(permissionsFile).replaceAll('grants', 'roleGrants'));
    expect(() => new SourceEditor(tree).addObjectProperty(permissionsFile, 'grants', "'a:b'", '[]')).toThrow(
      /Cannot edit src\/auth\/permissions\.ts: expected an object literal assigned to `grants`/,
    );
  });
});

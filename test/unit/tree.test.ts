import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commitTree } from '../../src/engine/commit.js';
import { formatTree } from '../../src/engine/format.js';
import { renderString } from '../../src/engine/render.js';
import { Tree } from '../../src/engine/tree.js';

describe('Tree', () => {
  it('normalises paths and lists entries sorted', () => {
    const tree = new Tree();
    tree.create('./b/x.ts', 'b');
    tree.create('a.ts', 'a');
    expect(tree.paths()).toEqual(['a.ts', 'b/x.ts']);
    expect(tree.read('b//x.ts')).toBe('b');
  });

  it('refuses to create a file twice or a path that leaves the project', () => {
    const tree = new Tree();
    tree.create('a.ts', 'a');
    expect(() => tree.create('a.ts', 'again')).toThrow(/already exists/);
    expect(() => tree.create('../escape.ts', 'x')).toThrow(/leaves the project/);
  });

  it('overwrites, writes and deletes staged files', () => {
    const tree = new Tree();
    tree.write('a.ts', '1');
    tree.write('a.ts', '2');
    expect(tree.read('a.ts')).toBe('2');
    tree.delete('a.ts');
    expect(tree.exists('a.ts')).toBe(false);
    expect(() => tree.overwrite('a.ts', '3')).toThrow(/does not exist/);
  });
});

describe('renderString', () => {
  it('never HTML-escapes and fails on a missing variable', () => {
    expect(renderString('const a = "{{value}}";', { value: '<&>' })).toBe('const a = "<&>";');
    expect(() => renderString('{{missing}}', {})).toThrow();
  });
});

describe('commitTree', () => {
  let parent: string;
  beforeEach(async () => {
    parent = await mkdtemp(join(tmpdir(), 'create-backend-commit-'));
  });
  afterEach(async () => {
    await rm(parent, { recursive: true, force: true });
  });

  it('writes every file, keeps executable modes and leaves no staging directory', async () => {
    const tree = new Tree();
    tree.create('src/a.ts', 'export {};\n');
    tree.create('bin/run', '#!/bin/sh\n', { executable: true });
    await commitTree(tree, join(parent, 'svc'));
    expect(await readFile(join(parent, 'svc/src/a.ts'), 'utf8')).toBe('export {};\n');
    expect((await stat(join(parent, 'svc/bin/run'))).mode & 0o111).not.toBe(0);
    expect(await readdir(parent)).toEqual(['svc']);
  });

  it('fills an existing empty directory', async () => {
    const tree = new Tree();
    tree.create('a.txt', 'a');
    await commitTree(tree, parent);
    expect(await readdir(parent)).toEqual(['a.txt']);
  });

  it('leaves nothing behind when a write fails half way', async () => {
    const tree = new Tree();
    tree.create('a.txt', 'a');
    tree.create('a.txt.d/b.txt', 'b');
    // A file where a directory must go makes the second write fail after the first succeeded.
    tree.create('z/file', 'x');
    tree.create('z/file/inner', 'y');
    await expect(commitTree(tree, join(parent, 'svc'))).rejects.toThrow(/nothing was written/);
    expect(await readdir(parent)).toEqual([]);
  });

  it('refuses a directory that is not empty', async () => {
    await writeFile(join(parent, 'mine.txt'), 'mine');
    const tree = new Tree();
    tree.create('a.txt', 'a');
    await expect(commitTree(tree, parent)).rejects.toThrow(/exists and is not empty/);
    expect(await readdir(parent)).toEqual(['mine.txt']);
  });
});

describe('formatTree', () => {
  it('formats only the files marked as needing it, with the project’s Prettier settings', async () => {
    const tree = new Tree();
    tree.create('.prettierrc.json', JSON.stringify({ singleQuote: true }));
    tree.create('src/edited.ts', 'const a = "x"', { needsFormatting: true });
    tree.create('src/template.ts', 'const b = "kept as written"');
    await formatTree(tree);
    expect(tree.read('src/edited.ts')).toBe("const a = 'x';\n");
    expect(tree.read('src/template.ts')).toBe('const b = "kept as written"');
  });
});

import type { Tree } from './tree.js';

/**
 * Runs Prettier, with the project's own .prettierrc.json, on the files marked as needing it. Templates are
 * kept formatted already (the generated-project tests check it), so a plain scaffold marks nothing and never
 * pays for loading Prettier; AST edits and generated sources mark what they write.
 */
export async function formatTree(tree: Tree): Promise<void> {
  const pending = tree.entries().filter((entry) => entry.needsFormatting);
  if (pending.length === 0) return;
  const prettier = await import('prettier');
  const config = tree.exists('.prettierrc.json') ? (JSON.parse(tree.read('.prettierrc.json')) as object) : {};
  for (const entry of pending) {
    const formatted = await prettier.format(tree.read(entry.path), { ...config, filepath: entry.path });
    tree.overwrite(entry.path, formatted);
    entry.needsFormatting = false;
  }
}

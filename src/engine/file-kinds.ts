import { sha256, type FileContent } from './tree.js';

/**
 * What the generator may do to a file it wrote, as backend.json records it for each file:
 * - managed: `backend add <feature>` and `backend upgrade` bring their changes into it (merging with yours);
 * - write-once: written once, then never changed: a migration may have run, and a changed one would not run again;
 * - required: managed, and the `backend` commands edit it, so a deleted one is restored.
 * A developer may mark a file write-once in backend.json to keep the commands' changes out of it.
 */
export const fileKinds = ['managed', 'write-once', 'required'] as const;
export type FileKind = (typeof fileKinds)[number];

/** The files `backend add` edits by structure (resources, jobs, permissions), and the dependencies. */
const requiredFiles = new Set([
  'package.json',
  'src/modules/index.ts',
  'src/modules/search-indexes.ts',
  'src/db/schema.ts',
  'src/auth/permissions.ts',
  'src/jobs/index.ts',
]);

/** The kind of a file the generator writes at `path`. */
export function fileKind(path: string): FileKind {
  if (path.startsWith('migrations/')) return 'write-once';
  return requiredFiles.has(path) ? 'required' : 'managed';
}

/** A file's entry in backend.json: the hash of the bytes written, and its kind (kept when already recorded). */
export function fileRecord(path: string, content: FileContent, recorded?: { kind?: FileKind }) {
  return { sha256: sha256(content), kind: recorded?.kind ?? fileKind(path) };
}

import type { AuthenticatedUser } from '../../auth/access.js';
import { type OwnerScope, ownerScope } from '../../auth/ownership.js';
import { NotFoundError, StaleVersionError } from '../../lib/errors.js';
import { type ListOptions, type ListResponse, toListResponse } from '../../lib/pagination.js';
import type { NotesRepository } from './notes.repository.js';
import type { CreateNote, Note, NoteFilters, NoteSortField, ReplaceNote, UpdateNote } from './notes.schemas.js';

/**
 * What can be done with the caller's notes. Knows nothing of HTTP: it takes plain values and throws errors from
 * lib/errors. Every method takes the caller: what they create is theirs, and they reach their own notes only, or
 * every user's with notes:all. Another user's note is answered as missing (404), not as forbidden (403), which
 * would tell that the id exists.
 */
export class NotesService {
  constructor(private readonly notes: NotesRepository) {}

  async list(caller: AuthenticatedUser, options: ListOptions<NoteFilters, NoteSortField>): Promise<ListResponse<Note>> {
    return toListResponse(await this.notes.list(reachedBy(caller), options), options);
  }

  async get(caller: AuthenticatedUser, id: string): Promise<Note> {
    const note = await this.notes.findById(reachedBy(caller), id);
    if (!note) throw noteNotFound(id);
    return note;
  }

  /** Creates a note that belongs to the caller, whoever they are (an admin's are their own). */
  async create(caller: AuthenticatedUser, input: CreateNote): Promise<Note> {
    return this.notes.create(caller.id, input);
  }

  async replace(caller: AuthenticatedUser, id: string, input: ReplaceNote, ifMatch?: readonly number[]): Promise<Note> {
    const note = await this.notes.replace(reachedBy(caller), id, input, ifMatch);
    if (note) return note;
    throw await this.missingOrChanged(reachedBy(caller), id, ifMatch);
  }

  async update(caller: AuthenticatedUser, id: string, changes: UpdateNote, ifMatch?: readonly number[]): Promise<Note> {
    const note = await this.notes.update(reachedBy(caller), id, changes, ifMatch);
    if (note) return note;
    throw await this.missingOrChanged(reachedBy(caller), id, ifMatch);
  }

  async delete(caller: AuthenticatedUser, id: string, ifMatch?: readonly number[]): Promise<void> {
    const deleted = await this.notes.delete(reachedBy(caller), id, ifMatch);
    if (!deleted) throw await this.missingOrChanged(reachedBy(caller), id, ifMatch);
  }

  /**
   * Why a write changed no row: there is none with this id (that the caller may reach), or If-Match named versions
   * and the note is at another one, changed by someone else since the caller read it.
   */
  private async missingOrChanged(
    owners: OwnerScope,
    id: string,
    ifMatch: readonly number[] | undefined,
  ): Promise<Error> {
    if (ifMatch && (await this.notes.findById(owners, id))) {
      return new StaleVersionError(`Note ${id} has changed since it was read: get it again for its ETag`);
    }
    return noteNotFound(id);
  }
}

/** The notes `caller` reaches: every user's with notes:all, else only their own. */
function reachedBy(caller: AuthenticatedUser): OwnerScope {
  return ownerScope(caller, 'notes:all');
}

export function noteNotFound(id: string): NotFoundError {
  return new NotFoundError(`Note ${id} does not exist`);
}

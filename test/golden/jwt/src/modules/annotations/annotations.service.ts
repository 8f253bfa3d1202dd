import type { AuthenticatedUser } from '../../auth/access.js';
import { ownerScope } from '../../auth/ownership.js';
import { NotFoundError, StaleVersionError, UnknownReferenceError } from '../../lib/errors.js';
import { type ListOptions, type ListResponse, toListResponse } from '../../lib/pagination.js';
import type { NotesRepository } from '../notes/notes.repository.js';
import type { AnnotationsRepository } from './annotations.repository.js';
import type {
  Annotation,
  AnnotationFilters,
  AnnotationSortField,
  CreateAnnotation,
  ReplaceAnnotation,
  UpdateAnnotation,
} from './annotations.schemas.js';

/**
 * What can be done with annotations. Knows nothing of HTTP: it takes plain values and throws errors from
 * lib/errors. A body may point only at notes the caller reaches: another user's is refused exactly like one that
 * does not exist (422), so that ids of other users' rows can be neither used nor probed.
 */
export class AnnotationsService {
  constructor(
    private readonly annotations: AnnotationsRepository,
    private readonly notes: NotesRepository,
  ) {}

  async list(options: ListOptions<AnnotationFilters, AnnotationSortField>): Promise<ListResponse<Annotation>> {
    return toListResponse(await this.annotations.list(options), options);
  }

  async get(id: string): Promise<Annotation> {
    const annotation = await this.annotations.findById(id);
    if (!annotation) throw annotationNotFound(id);
    return annotation;
  }

  async create(caller: AuthenticatedUser, input: CreateAnnotation): Promise<Annotation> {
    await this.assertReferencesReachable(caller, input);
    return this.annotations.create(input);
  }

  async replace(
    caller: AuthenticatedUser,
    id: string,
    input: ReplaceAnnotation,
    ifMatch?: readonly number[],
  ): Promise<Annotation> {
    await this.assertReferencesReachable(caller, input);
    const annotation = await this.annotations.replace(id, input, ifMatch);
    if (annotation) return annotation;
    throw await this.missingOrChanged(id, ifMatch);
  }

  async update(
    caller: AuthenticatedUser,
    id: string,
    changes: UpdateAnnotation,
    ifMatch?: readonly number[],
  ): Promise<Annotation> {
    await this.assertReferencesReachable(caller, changes);
    const annotation = await this.annotations.update(id, changes, ifMatch);
    if (annotation) return annotation;
    throw await this.missingOrChanged(id, ifMatch);
  }

  async delete(id: string, ifMatch?: readonly number[]): Promise<void> {
    const deleted = await this.annotations.delete(id, ifMatch);
    if (!deleted) throw await this.missingOrChanged(id, ifMatch);
  }

  /**
   * Why a write changed no row: there is none with this id (that the caller may reach), or If-Match named versions
   * and the annotation is at another one, changed by someone else since the caller read it.
   */
  private async missingOrChanged(id: string, ifMatch: readonly number[] | undefined): Promise<Error> {
    if (ifMatch && (await this.annotations.findById(id))) {
      return new StaleVersionError(`Annotation ${id} has changed since it was read: get it again for its ETag`);
    }
    return annotationNotFound(id);
  }

  /**
   * Refuses a body that points at notes the caller does not reach (another user's, without the :all
   * permission) exactly like one that does not exist, so that ids of other users' rows can be neither used nor
   * probed. The foreign key still refuses a row deleted in between.
   */
  private async assertReferencesReachable(caller: AuthenticatedUser, body: { noteId?: string | null }): Promise<void> {
    if (body.noteId && !(await this.notes.findById(ownerScope(caller, 'notes:all'), body.noteId))) {
      throw new UnknownReferenceError('noteId');
    }
  }
}

export function annotationNotFound(id: string): NotFoundError {
  return new NotFoundError(`Annotation ${id} does not exist`);
}

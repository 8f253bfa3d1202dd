import type { AuthenticatedUser } from '../../auth/access.js';
import { ownerScope } from '../../auth/ownership.js';
import { NotFoundError, UnknownReferenceError } from '../../lib/errors.js';
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

  async replace(caller: AuthenticatedUser, id: string, input: ReplaceAnnotation): Promise<Annotation> {
    await this.assertReferencesReachable(caller, input);
    const annotation = await this.annotations.replace(id, input);
    if (!annotation) throw annotationNotFound(id);
    return annotation;
  }

  async update(caller: AuthenticatedUser, id: string, changes: UpdateAnnotation): Promise<Annotation> {
    await this.assertReferencesReachable(caller, changes);
    const annotation = await this.annotations.update(id, changes);
    if (!annotation) throw annotationNotFound(id);
    return annotation;
  }

  async delete(id: string): Promise<void> {
    const deleted = await this.annotations.delete(id);
    if (!deleted) throw annotationNotFound(id);
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

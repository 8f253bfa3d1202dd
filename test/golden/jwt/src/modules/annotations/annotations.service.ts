import { NotFoundError } from '../../lib/errors.js';
import { type ListOptions, type ListResponse, toListResponse } from '../../lib/pagination.js';
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
 * lib/errors.
 */
export class AnnotationsService {
  constructor(private readonly annotations: AnnotationsRepository) {}

  async list(options: ListOptions<AnnotationFilters, AnnotationSortField>): Promise<ListResponse<Annotation>> {
    return toListResponse(await this.annotations.list(options), options);
  }

  async get(id: string): Promise<Annotation> {
    const annotation = await this.annotations.findById(id);
    if (!annotation) throw annotationNotFound(id);
    return annotation;
  }

  async create(input: CreateAnnotation): Promise<Annotation> {
    return this.annotations.create(input);
  }

  async replace(id: string, input: ReplaceAnnotation): Promise<Annotation> {
    const annotation = await this.annotations.replace(id, input);
    if (!annotation) throw annotationNotFound(id);
    return annotation;
  }

  async update(id: string, changes: UpdateAnnotation): Promise<Annotation> {
    const annotation = await this.annotations.update(id, changes);
    if (!annotation) throw annotationNotFound(id);
    return annotation;
  }

  async delete(id: string): Promise<void> {
    const deleted = await this.annotations.delete(id);
    if (!deleted) throw annotationNotFound(id);
  }
}

export function annotationNotFound(id: string): NotFoundError {
  return new NotFoundError(`Annotation ${id} does not exist`);
}

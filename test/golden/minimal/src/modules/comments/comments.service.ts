import { NotFoundError } from '../../lib/errors.js';
import { type ListOptions, type ListResponse, toListResponse } from '../../lib/pagination.js';
import type { CommentsRepository } from './comments.repository.js';
import type {
  Comment,
  CommentFilters,
  CommentSortField,
  CreateComment,
  ReplaceComment,
  UpdateComment,
} from './comments.schemas.js';

/** What can be done with comments. Knows nothing of HTTP: it takes plain values and throws errors from lib/errors. */
export class CommentsService {
  constructor(private readonly comments: CommentsRepository) {}

  async list(options: ListOptions<CommentFilters, CommentSortField>): Promise<ListResponse<Comment>> {
    return toListResponse(await this.comments.list(options), options);
  }

  async get(id: string): Promise<Comment> {
    const comment = await this.comments.findById(id);
    if (!comment) throw commentNotFound(id);
    return comment;
  }

  async create(input: CreateComment): Promise<Comment> {
    return this.comments.create(input);
  }

  async replace(id: string, input: ReplaceComment): Promise<Comment> {
    const comment = await this.comments.replace(id, input);
    if (!comment) throw commentNotFound(id);
    return comment;
  }

  async update(id: string, changes: UpdateComment): Promise<Comment> {
    const comment = await this.comments.update(id, changes);
    if (!comment) throw commentNotFound(id);
    return comment;
  }

  async delete(id: string): Promise<void> {
    const deleted = await this.comments.delete(id);
    if (!deleted) throw commentNotFound(id);
  }
}

export function commentNotFound(id: string): NotFoundError {
  return new NotFoundError(`Comment ${id} does not exist`);
}

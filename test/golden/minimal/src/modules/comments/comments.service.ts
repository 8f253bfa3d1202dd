import { NotFoundError, StaleVersionError } from '../../lib/errors.js';
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

  async replace(id: string, input: ReplaceComment, ifMatch?: readonly number[]): Promise<Comment> {
    const comment = await this.comments.replace(id, input, ifMatch);
    if (comment) return comment;
    throw await this.missingOrChanged(id, ifMatch);
  }

  async update(id: string, changes: UpdateComment, ifMatch?: readonly number[]): Promise<Comment> {
    const comment = await this.comments.update(id, changes, ifMatch);
    if (comment) return comment;
    throw await this.missingOrChanged(id, ifMatch);
  }

  async delete(id: string, ifMatch?: readonly number[]): Promise<void> {
    const deleted = await this.comments.delete(id, ifMatch);
    if (!deleted) throw await this.missingOrChanged(id, ifMatch);
  }

  /**
   * Why a write changed no row: there is none with this id (that the caller may reach), or If-Match named versions
   * and the comment is at another one, changed by someone else since the caller read it.
   */
  private async missingOrChanged(id: string, ifMatch: readonly number[] | undefined): Promise<Error> {
    if (ifMatch && (await this.comments.findById(id))) {
      return new StaleVersionError(`Comment ${id} has changed since it was read: get it again for its ETag`);
    }
    return commentNotFound(id);
  }
}

export function commentNotFound(id: string): NotFoundError {
  return new NotFoundError(`Comment ${id} does not exist`);
}

import { NotFoundError, StaleVersionError } from '../../lib/errors.js';
import { type ListOptions, type ListResponse, toListResponse } from '../../lib/pagination.js';
import type { TextSearch } from '../../lib/search.js';
import type { ArticlesRepository } from '../articles/articles.repository.js';
import { articleNotFound } from '../articles/articles.service.js';
import type { CommentsRepository } from './comments.repository.js';
import type {
  Comment,
  CommentFilters,
  CommentListItem,
  CommentSortField,
  CreateComment,
  ReplaceComment,
  UpdateComment,
} from './comments.schemas.js';

/**
 * What can be done with an article's comments. Knows nothing of HTTP: it takes plain values and throws errors
 * from lib/errors. Every method first checks that the article exists, so that a missing article is told apart
 * from a missing comment (both are 404s, with different messages), and an empty list of an article that does not
 * exist is not mistaken for an article without comments.
 */
export class CommentsService {
  constructor(
    private readonly comments: CommentsRepository,
    private readonly articles: ArticlesRepository,
  ) {}

  async list(
    articleId: string,
    options: ListOptions<CommentFilters, CommentSortField | 'relevance'> & { search?: TextSearch },
  ): Promise<ListResponse<CommentListItem>> {
    await this.assertArticleExists(articleId);
    return toListResponse(await this.comments.list(articleId, options), options);
  }

  async get(articleId: string, id: string): Promise<Comment> {
    await this.assertArticleExists(articleId);
    const comment = await this.comments.findById(articleId, id);
    if (!comment) throw commentNotFound(id);
    return comment;
  }

  async create(articleId: string, input: CreateComment): Promise<Comment> {
    await this.assertArticleExists(articleId);
    // Should the article be deleted between this check and the insert, the foreign key refuses the row
    // (a 422 from the error handler): rare, and no row is left without its article.
    return this.comments.create(articleId, input);
  }

  async replace(articleId: string, id: string, input: ReplaceComment, ifMatch?: readonly number[]): Promise<Comment> {
    await this.assertArticleExists(articleId);
    const comment = await this.comments.replace(articleId, id, input, ifMatch);
    if (comment) return comment;
    throw await this.missingOrChanged(articleId, id, ifMatch);
  }

  async update(articleId: string, id: string, changes: UpdateComment, ifMatch?: readonly number[]): Promise<Comment> {
    await this.assertArticleExists(articleId);
    const comment = await this.comments.update(articleId, id, changes, ifMatch);
    if (comment) return comment;
    throw await this.missingOrChanged(articleId, id, ifMatch);
  }

  async delete(articleId: string, id: string, ifMatch?: readonly number[]): Promise<void> {
    await this.assertArticleExists(articleId);
    const deleted = await this.comments.delete(articleId, id, ifMatch);
    if (!deleted) throw await this.missingOrChanged(articleId, id, ifMatch);
  }

  /**
   * Why a write changed no row: there is none with this id (that the caller may reach), or If-Match named versions
   * and the comment is at another one, changed by someone else since the caller read it.
   */
  private async missingOrChanged(
    articleId: string,
    id: string,
    ifMatch: readonly number[] | undefined,
  ): Promise<Error> {
    if (ifMatch && (await this.comments.findById(articleId, id))) {
      return new StaleVersionError(`Comment ${id} has changed since it was read: get it again for its ETag`);
    }
    return commentNotFound(id);
  }

  private async assertArticleExists(articleId: string): Promise<void> {
    const article = await this.articles.findById(articleId);
    if (!article) throw articleNotFound(articleId);
  }
}

export function commentNotFound(id: string): NotFoundError {
  return new NotFoundError(`Comment ${id} does not exist`);
}

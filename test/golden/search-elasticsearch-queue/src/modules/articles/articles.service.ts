import { NotFoundError, StaleVersionError } from '../../lib/errors.js';
import { type ListOptions, type ListResponse, toListResponse } from '../../lib/pagination.js';
import type { TextSearch } from '../../lib/search.js';
import type { ArticlesRepository } from './articles.repository.js';
import type {
  Article,
  ArticleFilters,
  ArticleListItem,
  ArticleSortField,
  CreateArticle,
  ReplaceArticle,
  UpdateArticle,
} from './articles.schemas.js';

/** What can be done with articles. Knows nothing of HTTP: it takes plain values and throws errors from lib/errors. */
export class ArticlesService {
  constructor(private readonly articles: ArticlesRepository) {}

  async list(
    options: ListOptions<ArticleFilters, ArticleSortField | 'relevance'> & { search?: TextSearch },
  ): Promise<ListResponse<ArticleListItem>> {
    return toListResponse(await this.articles.list(options), options);
  }

  async get(id: string): Promise<Article> {
    const article = await this.articles.findById(id);
    if (!article) throw articleNotFound(id);
    return article;
  }

  async create(input: CreateArticle): Promise<Article> {
    return this.articles.create(input);
  }

  async replace(id: string, input: ReplaceArticle, ifMatch?: readonly number[]): Promise<Article> {
    const article = await this.articles.replace(id, input, ifMatch);
    if (article) return article;
    throw await this.missingOrChanged(id, ifMatch);
  }

  async update(id: string, changes: UpdateArticle, ifMatch?: readonly number[]): Promise<Article> {
    const article = await this.articles.update(id, changes, ifMatch);
    if (article) return article;
    throw await this.missingOrChanged(id, ifMatch);
  }

  async delete(id: string, ifMatch?: readonly number[]): Promise<void> {
    const deleted = await this.articles.delete(id, ifMatch);
    if (!deleted) throw await this.missingOrChanged(id, ifMatch);
  }

  /**
   * Why a write changed no row: there is none with this id (that the caller may reach), or If-Match named versions
   * and the article is at another one, changed by someone else since the caller read it.
   */
  private async missingOrChanged(id: string, ifMatch: readonly number[] | undefined): Promise<Error> {
    if (ifMatch && (await this.articles.findById(id))) {
      return new StaleVersionError(`Article ${id} has changed since it was read: get it again for its ETag`);
    }
    return articleNotFound(id);
  }
}

export function articleNotFound(id: string): NotFoundError {
  return new NotFoundError(`Article ${id} does not exist`);
}

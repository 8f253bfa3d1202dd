import { z } from 'zod';

import {
  entityTag,
  ifMatchHeaders,
  ifMatchVersions,
  ifNoneMatchHeaders,
  isNotModified,
} from '../../lib/entity-tags.js';
import { problemResponses } from '../../lib/problem-details.js';
import type { AppModule } from '../app-module.js';
import { ArticlesRepository } from './articles.repository.js';
import {
  articleListSchema,
  articleParamsSchema,
  articleSchema,
  createArticleSchema,
  listArticlesQuerySchema,
  replaceArticleSchema,
  updateArticleSchema,
} from './articles.schemas.js';
import { ArticlesService } from './articles.service.js';

/**
 * /v1/articles: list, get, create, replace, update and delete articles. Each route declares zod schemas for what
 * it takes and what it answers, which validate the request (400 on failure) and make the OpenAPI document, and a
 * handler that hands the service what the request carries and picks the status code; errors thrown on the way
 * are answered by the error plugin.
 */
export const articlesModule: AppModule = async (app, { db, search, queue }) => {
  const articles = new ArticlesService(new ArticlesRepository(db, search, queue));
  const tags = ['articles'];

  app.get(
    '/v1/articles',
    {
      schema: {
        tags,
        summary: 'List articles, a page at a time, filtered and sorted',
        querystring: listArticlesQuerySchema,
        response: { 200: articleListSchema, 400: problemResponses[400] },
      },
    },
    (request) => {
      const { page, limit, sortBy, sortOrder, q, highlight, ...filters } = request.query;
      const search = q === undefined ? undefined : { q, highlight };
      const order = sortBy ?? (search ? 'relevance' : 'createdAt');
      return articles.list({ filters, search, sortBy: order, sortOrder, page, limit });
    },
  );

  app.get(
    '/v1/articles/:id',
    {
      schema: {
        tags,
        summary: 'Get an article',
        params: articleParamsSchema,
        headers: ifNoneMatchHeaders,
        response: {
          200: articleSchema,
          304: z.undefined().describe('Not modified: If-None-Match names the current version'),
          400: problemResponses[400],
          404: problemResponses[404],
        },
      },
    },
    async (request, reply) => {
      const article = await articles.get(request.params.id);
      // A client may keep the article, but must ask again before using it: with its ETag, that costs a 304.
      reply.header('etag', entityTag(article.version)).header('cache-control', 'private, no-cache');
      if (isNotModified(request.headers['if-none-match'], article.version)) return reply.code(304).send();
      return article;
    },
  );

  app.post(
    '/v1/articles',
    {
      schema: {
        tags,
        summary: 'Create an article',
        body: createArticleSchema,
        response: {
          201: articleSchema,
          400: problemResponses[400],
        },
      },
    },
    async (request, reply) => {
      const article = await articles.create(request.body);
      reply.code(201).header('location', `/v1/articles/${article.id}`).header('etag', entityTag(article.version));
      return article;
    },
  );

  app.put(
    '/v1/articles/:id',
    {
      schema: {
        tags,
        summary: 'Replace an article: every field is set, optional ones left out become null',
        params: articleParamsSchema,
        headers: ifMatchHeaders,
        body: replaceArticleSchema,
        response: {
          200: articleSchema,
          400: problemResponses[400],
          404: problemResponses[404],
          412: problemResponses[412],
        },
      },
    },
    async (request, reply) => {
      const ifMatch = ifMatchVersions(request.headers['if-match']);
      const article = await articles.replace(request.params.id, request.body, ifMatch);
      reply.header('etag', entityTag(article.version));
      return article;
    },
  );

  app.patch(
    '/v1/articles/:id',
    {
      schema: {
        tags,
        summary: 'Update some fields of an article',
        params: articleParamsSchema,
        headers: ifMatchHeaders,
        body: updateArticleSchema,
        response: {
          200: articleSchema,
          400: problemResponses[400],
          404: problemResponses[404],
          412: problemResponses[412],
        },
      },
    },
    async (request, reply) => {
      const ifMatch = ifMatchVersions(request.headers['if-match']);
      const article = await articles.update(request.params.id, request.body, ifMatch);
      reply.header('etag', entityTag(article.version));
      return article;
    },
  );

  app.delete(
    '/v1/articles/:id',
    {
      schema: {
        tags,
        summary: 'Delete an article',
        params: articleParamsSchema,
        headers: ifMatchHeaders,
        // 409 once rows of another resource refer to the article with ON DELETE RESTRICT.
        response: {
          204: z.undefined().describe('Deleted: no content'),
          400: problemResponses[400],
          404: problemResponses[404],
          409: problemResponses[409],
          412: problemResponses[412],
        },
      },
    },
    async (request, reply) => {
      const ifMatch = ifMatchVersions(request.headers['if-match']);
      await articles.delete(request.params.id, ifMatch);
      return reply.code(204).send();
    },
  );
};

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
import { ArticlesRepository } from '../articles/articles.repository.js';
import { CommentsRepository } from './comments.repository.js';
import {
  articleCommentsParamsSchema,
  commentListSchema,
  commentParamsSchema,
  commentSchema,
  createCommentSchema,
  listCommentsQuerySchema,
  replaceCommentSchema,
  updateCommentSchema,
} from './comments.schemas.js';
import { CommentsService } from './comments.service.js';

/**
 * /v1/articles/:articleId/comments: list, get, create, replace, update and delete an article's comments (404
 * when the article does not exist). Each route declares zod schemas for what it takes and what it answers, which
 * validate the request (400 on failure) and make the OpenAPI document, and a handler that hands the service what
 * the request carries and picks the status code; errors thrown on the way are answered by the error plugin.
 */
export const commentsModule: AppModule = async (app, { db, search, queue }) => {
  const comments = new CommentsService(
    new CommentsRepository(db, search, queue),
    new ArticlesRepository(db, search, queue),
  );
  const tags = ['comments'];

  app.get(
    '/v1/articles/:articleId/comments',
    {
      schema: {
        tags,
        summary: "List an article's comments, a page at a time, filtered and sorted",
        params: articleCommentsParamsSchema,
        querystring: listCommentsQuerySchema,
        response: { 200: commentListSchema, 400: problemResponses[400], 404: problemResponses[404] },
      },
    },
    (request) => {
      const { page, limit, sortBy, sortOrder, q, highlight, ...filters } = request.query;
      const search = q === undefined ? undefined : { q, highlight };
      const order = sortBy ?? (search ? 'relevance' : 'createdAt');
      return comments.list(request.params.articleId, { filters, search, sortBy: order, sortOrder, page, limit });
    },
  );

  app.get(
    '/v1/articles/:articleId/comments/:id',
    {
      schema: {
        tags,
        summary: 'Get a comment',
        params: commentParamsSchema,
        headers: ifNoneMatchHeaders,
        response: {
          200: commentSchema,
          304: z.undefined().describe('Not modified: If-None-Match names the current version'),
          400: problemResponses[400],
          404: problemResponses[404],
        },
      },
    },
    async (request, reply) => {
      const comment = await comments.get(request.params.articleId, request.params.id);
      // A client may keep the comment, but must ask again before using it: with its ETag, that costs a 304.
      reply.header('etag', entityTag(comment.version)).header('cache-control', 'private, no-cache');
      if (isNotModified(request.headers['if-none-match'], comment.version)) return reply.code(304).send();
      return comment;
    },
  );

  app.post(
    '/v1/articles/:articleId/comments',
    {
      schema: {
        tags,
        summary: 'Create a comment in an article',
        params: articleCommentsParamsSchema,
        body: createCommentSchema,
        response: {
          201: commentSchema,
          400: problemResponses[400],
          404: problemResponses[404],
        },
      },
    },
    async (request, reply) => {
      const { articleId } = request.params;
      const comment = await comments.create(articleId, request.body);
      reply
        .code(201)
        .header('location', `/v1/articles/${articleId}/comments/${comment.id}`)
        .header('etag', entityTag(comment.version));
      return comment;
    },
  );

  app.put(
    '/v1/articles/:articleId/comments/:id',
    {
      schema: {
        tags,
        summary: 'Replace a comment: every field is set, optional ones left out become null',
        params: commentParamsSchema,
        headers: ifMatchHeaders,
        body: replaceCommentSchema,
        response: {
          200: commentSchema,
          400: problemResponses[400],
          404: problemResponses[404],
          412: problemResponses[412],
        },
      },
    },
    async (request, reply) => {
      const ifMatch = ifMatchVersions(request.headers['if-match']);
      const comment = await comments.replace(request.params.articleId, request.params.id, request.body, ifMatch);
      reply.header('etag', entityTag(comment.version));
      return comment;
    },
  );

  app.patch(
    '/v1/articles/:articleId/comments/:id',
    {
      schema: {
        tags,
        summary: 'Update some fields of a comment',
        params: commentParamsSchema,
        headers: ifMatchHeaders,
        body: updateCommentSchema,
        response: {
          200: commentSchema,
          400: problemResponses[400],
          404: problemResponses[404],
          412: problemResponses[412],
        },
      },
    },
    async (request, reply) => {
      const ifMatch = ifMatchVersions(request.headers['if-match']);
      const comment = await comments.update(request.params.articleId, request.params.id, request.body, ifMatch);
      reply.header('etag', entityTag(comment.version));
      return comment;
    },
  );

  app.delete(
    '/v1/articles/:articleId/comments/:id',
    {
      schema: {
        tags,
        summary: 'Delete a comment',
        params: commentParamsSchema,
        headers: ifMatchHeaders,
        // 409 once rows of another resource refer to the comment with ON DELETE RESTRICT.
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
      await comments.delete(request.params.articleId, request.params.id, ifMatch);
      return reply.code(204).send();
    },
  );
};

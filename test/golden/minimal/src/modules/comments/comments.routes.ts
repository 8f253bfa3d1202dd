import { z } from 'zod';

import { problemResponses } from '../../lib/problem-details.js';
import type { AppModule } from '../app-module.js';
import { CommentsRepository } from './comments.repository.js';
import {
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
 * /v1/comments: list, get, create, replace, update and delete comments. Each route declares zod schemas for what
 * it takes and what it answers, which validate the request (400 on failure) and make the OpenAPI document, and a
 * handler that hands the service what the request carries and picks the status code; errors thrown on the way
 * are answered by the error plugin.
 */
export const commentsModule: AppModule = async (app, { db }) => {
  const comments = new CommentsService(new CommentsRepository(db));
  const tags = ['comments'];

  app.get(
    '/v1/comments',
    {
      schema: {
        tags,
        summary: 'List comments, a page at a time, filtered and sorted',
        querystring: listCommentsQuerySchema,
        response: { 200: commentListSchema, 400: problemResponses[400] },
      },
    },
    (request) => {
      const { page, limit, sortBy, sortOrder, ...filters } = request.query;
      return comments.list({ filters, sortBy, sortOrder, page, limit });
    },
  );

  app.get(
    '/v1/comments/:id',
    {
      schema: {
        tags,
        summary: 'Get a comment',
        params: commentParamsSchema,
        response: { 200: commentSchema, 400: problemResponses[400], 404: problemResponses[404] },
      },
    },
    (request) => comments.get(request.params.id),
  );

  app.post(
    '/v1/comments',
    {
      schema: {
        tags,
        summary: 'Create a comment',
        body: createCommentSchema,
        response: {
          201: commentSchema,
          400: problemResponses[400],
          422: problemResponses[422],
        },
      },
    },
    async (request, reply) => {
      const comment = await comments.create(request.body);
      reply.code(201).header('location', `/v1/comments/${comment.id}`);
      return comment;
    },
  );

  app.put(
    '/v1/comments/:id',
    {
      schema: {
        tags,
        summary: 'Replace a comment: every field is set, optional ones left out become null',
        params: commentParamsSchema,
        body: replaceCommentSchema,
        response: {
          200: commentSchema,
          400: problemResponses[400],
          404: problemResponses[404],
          422: problemResponses[422],
        },
      },
    },
    (request) => comments.replace(request.params.id, request.body),
  );

  app.patch(
    '/v1/comments/:id',
    {
      schema: {
        tags,
        summary: 'Update some fields of a comment',
        params: commentParamsSchema,
        body: updateCommentSchema,
        response: {
          200: commentSchema,
          400: problemResponses[400],
          404: problemResponses[404],
          422: problemResponses[422],
        },
      },
    },
    (request) => comments.update(request.params.id, request.body),
  );

  app.delete(
    '/v1/comments/:id',
    {
      schema: {
        tags,
        summary: 'Delete a comment',
        params: commentParamsSchema,
        // 409 once rows of another resource refer to the comment with ON DELETE RESTRICT.
        response: {
          204: z.undefined().describe('Deleted: no content'),
          400: problemResponses[400],
          404: problemResponses[404],
          409: problemResponses[409],
        },
      },
    },
    async (request, reply) => {
      await comments.delete(request.params.id);
      return reply.code(204).send();
    },
  );
};

import { z } from 'zod';

import { problemResponses } from '../../lib/problem-details.js';
import type { AppModule } from '../app-module.js';
import { CommentsHandler } from './comments.handler.js';
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
 * it takes and what it answers; they validate the request (400 on failure) and produce the OpenAPI document.
 */
export const commentsModule: AppModule = async (app, { db }) => {
  const handler = new CommentsHandler(new CommentsService(new CommentsRepository(db)));
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
    (request) => handler.list(request),
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
    (request) => handler.get(request),
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
    (request, reply) => handler.create(request, reply),
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
    (request) => handler.replace(request),
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
    (request) => handler.update(request),
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
    (request, reply) => handler.delete(request, reply),
  );
};

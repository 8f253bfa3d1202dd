import type { FastifyReply } from 'fastify';

import type {
  CommentParams,
  CreateComment,
  ListCommentsQuery,
  ReplaceComment,
  UpdateComment,
} from './comments.schemas.js';
import type { CommentsService } from './comments.service.js';

/**
 * The HTTP side of comments: each method takes a request whose params, query and body the route's schemas have
 * already validated, calls the service, and picks the status code. The body it returns is shaped by the route's
 * response schema; errors are thrown and answered by the global error handler.
 */
export class CommentsHandler {
  constructor(private readonly service: CommentsService) {}

  async list(request: { query: ListCommentsQuery }) {
    const { page, limit, sortBy, sortOrder, ...filters } = request.query;
    return this.service.list({ filters, sortBy, sortOrder, page, limit });
  }

  async get(request: { params: CommentParams }) {
    return this.service.get(request.params.id);
  }

  async create(request: { body: CreateComment }, reply: FastifyReply) {
    const comment = await this.service.create(request.body);
    reply.code(201).header('location', `/v1/comments/${comment.id}`);
    return comment;
  }

  async replace(request: { params: CommentParams; body: ReplaceComment }) {
    return this.service.replace(request.params.id, request.body);
  }

  async update(request: { params: CommentParams; body: UpdateComment }) {
    return this.service.update(request.params.id, request.body);
  }

  async delete(request: { params: CommentParams }, reply: FastifyReply) {
    await this.service.delete(request.params.id);
    return reply.code(204).send();
  }
}

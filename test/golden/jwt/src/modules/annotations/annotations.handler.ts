import type { FastifyReply } from 'fastify';

import type {
  AnnotationParams,
  CreateAnnotation,
  ListAnnotationsQuery,
  ReplaceAnnotation,
  UpdateAnnotation,
} from './annotations.schemas.js';
import type { AnnotationsService } from './annotations.service.js';

/**
 * The HTTP side of annotations: each method takes a request whose params, query and body the route's schemas
 * have already validated, calls the service, and picks the status code. The body it returns is shaped by the
 * route's response schema; errors are thrown and answered by the global error handler.
 */
export class AnnotationsHandler {
  constructor(private readonly service: AnnotationsService) {}

  async list(request: { query: ListAnnotationsQuery }) {
    const { page, limit, sortBy, sortOrder, ...filters } = request.query;
    return this.service.list({ filters, sortBy, sortOrder, page, limit });
  }

  async get(request: { params: AnnotationParams }) {
    return this.service.get(request.params.id);
  }

  async create(request: { body: CreateAnnotation }, reply: FastifyReply) {
    const annotation = await this.service.create(request.body);
    reply.code(201).header('location', `/v1/annotations/${annotation.id}`);
    return annotation;
  }

  async replace(request: { params: AnnotationParams; body: ReplaceAnnotation }) {
    return this.service.replace(request.params.id, request.body);
  }

  async update(request: { params: AnnotationParams; body: UpdateAnnotation }) {
    return this.service.update(request.params.id, request.body);
  }

  async delete(request: { params: AnnotationParams }, reply: FastifyReply) {
    await this.service.delete(request.params.id);
    return reply.code(204).send();
  }
}

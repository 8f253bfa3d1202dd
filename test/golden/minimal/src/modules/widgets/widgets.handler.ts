import type { FastifyReply } from 'fastify';

import type { CreateWidget, ListWidgetsQuery, ReplaceWidget, UpdateWidget, WidgetParams } from './widgets.schemas.js';
import type { WidgetsService } from './widgets.service.js';

/**
 * The HTTP side of widgets: each method takes a request whose params, query and body the route's schemas have
 * already validated, calls the service, and picks the status code. The body it returns is shaped by the route's
 * response schema; errors are thrown and answered by the global error handler.
 */
export class WidgetsHandler {
  constructor(private readonly service: WidgetsService) {}

  async list(request: { query: ListWidgetsQuery }) {
    const { page, limit, sortBy, sortOrder, ...filters } = request.query;
    return this.service.list({ filters, sortBy, sortOrder, page, limit });
  }

  async get(request: { params: WidgetParams }) {
    return this.service.get(request.params.id);
  }

  async create(request: { body: CreateWidget }, reply: FastifyReply) {
    const widget = await this.service.create(request.body);
    reply.code(201).header('location', `/v1/widgets/${widget.id}`);
    return widget;
  }

  async replace(request: { params: WidgetParams; body: ReplaceWidget }) {
    return this.service.replace(request.params.id, request.body);
  }

  async update(request: { params: WidgetParams; body: UpdateWidget }) {
    return this.service.update(request.params.id, request.body);
  }

  async delete(request: { params: WidgetParams }, reply: FastifyReply) {
    await this.service.delete(request.params.id);
    return reply.code(204).send();
  }
}

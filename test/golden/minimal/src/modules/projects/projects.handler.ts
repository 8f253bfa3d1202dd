import type { FastifyReply } from 'fastify';

import type {
  CreateProject,
  ListProjectsQuery,
  ProjectParams,
  ReplaceProject,
  UpdateProject,
} from './projects.schemas.js';
import type { ProjectsService } from './projects.service.js';

/**
 * The HTTP side of projects: each method takes a request whose params, query and body the route's schemas have
 * already validated, calls the service, and picks the status code. The body it returns is shaped by the route's
 * response schema; errors are thrown and answered by the global error handler.
 */
export class ProjectsHandler {
  constructor(private readonly service: ProjectsService) {}

  async list(request: { query: ListProjectsQuery }) {
    const { page, limit, sortBy, sortOrder, ...filters } = request.query;
    return this.service.list({ filters, sortBy, sortOrder, page, limit });
  }

  async get(request: { params: ProjectParams }) {
    return this.service.get(request.params.id);
  }

  async create(request: { body: CreateProject }, reply: FastifyReply) {
    const project = await this.service.create(request.body);
    reply.code(201).header('location', `/v1/projects/${project.id}`);
    return project;
  }

  async replace(request: { params: ProjectParams; body: ReplaceProject }) {
    return this.service.replace(request.params.id, request.body);
  }

  async update(request: { params: ProjectParams; body: UpdateProject }) {
    return this.service.update(request.params.id, request.body);
  }

  async delete(request: { params: ProjectParams }, reply: FastifyReply) {
    await this.service.delete(request.params.id);
    return reply.code(204).send();
  }
}

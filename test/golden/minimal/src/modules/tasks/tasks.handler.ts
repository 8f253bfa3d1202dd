import type { FastifyReply } from 'fastify';

import type {
  CreateTask,
  ListTasksQuery,
  ProjectTasksParams,
  ReplaceTask,
  TaskParams,
  UpdateTask,
} from './tasks.schemas.js';
import type { TasksService } from './tasks.service.js';

/**
 * The HTTP side of tasks: each method takes a request whose params, query and body the route's schemas have
 * already validated, calls the service, and picks the status code. The body it returns is shaped by the route's
 * response schema; errors are thrown and answered by the global error handler.
 */
export class TasksHandler {
  constructor(private readonly service: TasksService) {}

  async list(request: { params: ProjectTasksParams; query: ListTasksQuery }) {
    const { page, limit, sortBy, sortOrder, ...filters } = request.query;
    return this.service.list(request.params.projectId, { filters, sortBy, sortOrder, page, limit });
  }

  async get(request: { params: TaskParams }) {
    return this.service.get(request.params.projectId, request.params.id);
  }

  async create(request: { params: ProjectTasksParams; body: CreateTask }, reply: FastifyReply) {
    const { projectId } = request.params;
    const task = await this.service.create(projectId, request.body);
    reply.code(201).header('location', `/v1/projects/${projectId}/tasks/${task.id}`);
    return task;
  }

  async replace(request: { params: TaskParams; body: ReplaceTask }) {
    return this.service.replace(request.params.projectId, request.params.id, request.body);
  }

  async update(request: { params: TaskParams; body: UpdateTask }) {
    return this.service.update(request.params.projectId, request.params.id, request.body);
  }

  async delete(request: { params: TaskParams }, reply: FastifyReply) {
    await this.service.delete(request.params.projectId, request.params.id);
    return reply.code(204).send();
  }
}

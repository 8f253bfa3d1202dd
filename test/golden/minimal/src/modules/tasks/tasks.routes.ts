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
import { ProjectsRepository } from '../projects/projects.repository.js';
import { TasksRepository } from './tasks.repository.js';
import {
  createTaskSchema,
  listTasksQuerySchema,
  projectTasksParamsSchema,
  replaceTaskSchema,
  taskListSchema,
  taskParamsSchema,
  taskSchema,
  updateTaskSchema,
} from './tasks.schemas.js';
import { TasksService } from './tasks.service.js';

/**
 * /v1/projects/:projectId/tasks: list, get, create, replace, update and delete a project's tasks (404 when the
 * project does not exist). Each route declares zod schemas for what it takes and what it answers, which validate
 * the request (400 on failure) and make the OpenAPI document, and a handler that hands the service what the
 * request carries and picks the status code; errors thrown on the way are answered by the error plugin.
 */
export const tasksModule: AppModule = async (app, { db }) => {
  const tasks = new TasksService(new TasksRepository(db), new ProjectsRepository(db));
  const tags = ['tasks'];

  app.get(
    '/v1/projects/:projectId/tasks',
    {
      schema: {
        tags,
        summary: "List a project's tasks, a page at a time, filtered and sorted",
        params: projectTasksParamsSchema,
        querystring: listTasksQuerySchema,
        response: { 200: taskListSchema, 400: problemResponses[400], 404: problemResponses[404] },
      },
    },
    (request) => {
      const { page, limit, sortBy, sortOrder, ...filters } = request.query;
      return tasks.list(request.params.projectId, { filters, sortBy, sortOrder, page, limit });
    },
  );

  app.get(
    '/v1/projects/:projectId/tasks/:id',
    {
      schema: {
        tags,
        summary: 'Get a task',
        params: taskParamsSchema,
        headers: ifNoneMatchHeaders,
        response: {
          200: taskSchema,
          304: z.undefined().describe('Not modified: If-None-Match names the current version'),
          400: problemResponses[400],
          404: problemResponses[404],
        },
      },
    },
    async (request, reply) => {
      const task = await tasks.get(request.params.projectId, request.params.id);
      // A client may keep the task, but must ask again before using it: with its ETag, that costs a 304.
      reply.header('etag', entityTag(task.version)).header('cache-control', 'private, no-cache');
      if (isNotModified(request.headers['if-none-match'], task.version)) return reply.code(304).send();
      return task;
    },
  );

  app.post(
    '/v1/projects/:projectId/tasks',
    {
      schema: {
        tags,
        summary: 'Create a task in a project',
        params: projectTasksParamsSchema,
        body: createTaskSchema,
        response: {
          201: taskSchema,
          400: problemResponses[400],
          404: problemResponses[404],
        },
      },
    },
    async (request, reply) => {
      const { projectId } = request.params;
      const task = await tasks.create(projectId, request.body);
      reply
        .code(201)
        .header('location', `/v1/projects/${projectId}/tasks/${task.id}`)
        .header('etag', entityTag(task.version));
      return task;
    },
  );

  app.put(
    '/v1/projects/:projectId/tasks/:id',
    {
      schema: {
        tags,
        summary: 'Replace a task: every field is set, optional ones left out become null',
        params: taskParamsSchema,
        headers: ifMatchHeaders,
        body: replaceTaskSchema,
        response: {
          200: taskSchema,
          400: problemResponses[400],
          404: problemResponses[404],
          412: problemResponses[412],
        },
      },
    },
    async (request, reply) => {
      const ifMatch = ifMatchVersions(request.headers['if-match']);
      const task = await tasks.replace(request.params.projectId, request.params.id, request.body, ifMatch);
      reply.header('etag', entityTag(task.version));
      return task;
    },
  );

  app.patch(
    '/v1/projects/:projectId/tasks/:id',
    {
      schema: {
        tags,
        summary: 'Update some fields of a task',
        params: taskParamsSchema,
        headers: ifMatchHeaders,
        body: updateTaskSchema,
        response: {
          200: taskSchema,
          400: problemResponses[400],
          404: problemResponses[404],
          412: problemResponses[412],
        },
      },
    },
    async (request, reply) => {
      const ifMatch = ifMatchVersions(request.headers['if-match']);
      const task = await tasks.update(request.params.projectId, request.params.id, request.body, ifMatch);
      reply.header('etag', entityTag(task.version));
      return task;
    },
  );

  app.delete(
    '/v1/projects/:projectId/tasks/:id',
    {
      schema: {
        tags,
        summary: 'Delete a task',
        params: taskParamsSchema,
        headers: ifMatchHeaders,
        // 409 once rows of another resource refer to the task with ON DELETE RESTRICT.
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
      await tasks.delete(request.params.projectId, request.params.id, ifMatch);
      return reply.code(204).send();
    },
  );
};

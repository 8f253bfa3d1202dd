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
import { ProjectsRepository } from './projects.repository.js';
import {
  createProjectSchema,
  listProjectsQuerySchema,
  projectListSchema,
  projectParamsSchema,
  projectSchema,
  replaceProjectSchema,
  updateProjectSchema,
} from './projects.schemas.js';
import { ProjectsService } from './projects.service.js';

/**
 * /v1/projects: list, get, create, replace, update and delete projects. Each route declares zod schemas for what
 * it takes and what it answers, which validate the request (400 on failure) and make the OpenAPI document, and a
 * handler that hands the service what the request carries and picks the status code; errors thrown on the way
 * are answered by the error plugin.
 */
export const projectsModule: AppModule = async (app, { db }) => {
  const projects = new ProjectsService(new ProjectsRepository(db));
  const tags = ['projects'];

  app.get(
    '/v1/projects',
    {
      schema: {
        tags,
        summary: 'List projects, a page at a time, filtered and sorted',
        querystring: listProjectsQuerySchema,
        response: { 200: projectListSchema, 400: problemResponses[400] },
      },
    },
    (request) => {
      const { page, limit, sortBy, sortOrder, ...filters } = request.query;
      return projects.list({ filters, sortBy, sortOrder, page, limit });
    },
  );

  app.get(
    '/v1/projects/:id',
    {
      schema: {
        tags,
        summary: 'Get a project',
        params: projectParamsSchema,
        headers: ifNoneMatchHeaders,
        response: {
          200: projectSchema,
          304: z.undefined().describe('Not modified: If-None-Match names the current version'),
          400: problemResponses[400],
          404: problemResponses[404],
        },
      },
    },
    async (request, reply) => {
      const project = await projects.get(request.params.id);
      // A client may keep the project, but must ask again before using it: with its ETag, that costs a 304.
      reply.header('etag', entityTag(project.version)).header('cache-control', 'private, no-cache');
      if (isNotModified(request.headers['if-none-match'], project.version)) return reply.code(304).send();
      return project;
    },
  );

  app.post(
    '/v1/projects',
    {
      schema: {
        tags,
        summary: 'Create a project',
        body: createProjectSchema,
        response: {
          201: projectSchema,
          400: problemResponses[400],
          409: problemResponses[409],
        },
      },
    },
    async (request, reply) => {
      const project = await projects.create(request.body);
      reply.code(201).header('location', `/v1/projects/${project.id}`).header('etag', entityTag(project.version));
      return project;
    },
  );

  app.put(
    '/v1/projects/:id',
    {
      schema: {
        tags,
        summary: 'Replace a project: every field is set, optional ones left out become null',
        params: projectParamsSchema,
        headers: ifMatchHeaders,
        body: replaceProjectSchema,
        response: {
          200: projectSchema,
          400: problemResponses[400],
          404: problemResponses[404],
          409: problemResponses[409],
          412: problemResponses[412],
        },
      },
    },
    async (request, reply) => {
      const ifMatch = ifMatchVersions(request.headers['if-match']);
      const project = await projects.replace(request.params.id, request.body, ifMatch);
      reply.header('etag', entityTag(project.version));
      return project;
    },
  );

  app.patch(
    '/v1/projects/:id',
    {
      schema: {
        tags,
        summary: 'Update some fields of a project',
        params: projectParamsSchema,
        headers: ifMatchHeaders,
        body: updateProjectSchema,
        response: {
          200: projectSchema,
          400: problemResponses[400],
          404: problemResponses[404],
          409: problemResponses[409],
          412: problemResponses[412],
        },
      },
    },
    async (request, reply) => {
      const ifMatch = ifMatchVersions(request.headers['if-match']);
      const project = await projects.update(request.params.id, request.body, ifMatch);
      reply.header('etag', entityTag(project.version));
      return project;
    },
  );

  app.delete(
    '/v1/projects/:id',
    {
      schema: {
        tags,
        summary: 'Delete a project',
        params: projectParamsSchema,
        headers: ifMatchHeaders,
        // 409 once rows of another resource refer to the project with ON DELETE RESTRICT.
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
      await projects.delete(request.params.id, ifMatch);
      return reply.code(204).send();
    },
  );
};

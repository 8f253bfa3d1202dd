import { z } from 'zod';

import { currentUser } from '../../auth/access.js';
import {
  entityTag,
  ifMatchHeaders,
  ifMatchVersions,
  ifNoneMatchHeaders,
  isNotModified,
} from '../../lib/entity-tags.js';
import { problemResponses } from '../../lib/problem-details.js';
import type { AppModule } from '../app-module.js';
import { NotesRepository } from '../notes/notes.repository.js';
import { AnnotationsRepository } from './annotations.repository.js';
import {
  annotationListSchema,
  annotationParamsSchema,
  annotationSchema,
  createAnnotationSchema,
  listAnnotationsQuerySchema,
  replaceAnnotationSchema,
  updateAnnotationSchema,
} from './annotations.schemas.js';
import { AnnotationsService } from './annotations.service.js';

/**
 * /v1/annotations: list, get, create, replace, update and delete annotations (create, replace and update require
 * notes:own, and name only notes the caller reaches). Each route declares zod schemas for what it takes and what
 * it answers, which validate the request (400 on failure) and make the OpenAPI document, and a handler that
 * hands the service what the request carries and picks the status code; errors thrown on the way are answered by
 * the error plugin.
 */
export const annotationsModule: AppModule = async (app, { db }) => {
  const annotations = new AnnotationsService(new AnnotationsRepository(db), new NotesRepository(db));
  const tags = ['annotations'];

  app.get(
    '/v1/annotations',
    {
      schema: {
        tags,
        summary: 'List annotations, a page at a time, filtered and sorted',
        querystring: listAnnotationsQuerySchema,
        response: { 200: annotationListSchema, 400: problemResponses[400] },
      },
    },
    (request) => {
      const { page, limit, sortBy, sortOrder, ...filters } = request.query;
      return annotations.list({ filters, sortBy, sortOrder, page, limit });
    },
  );

  app.get(
    '/v1/annotations/:id',
    {
      schema: {
        tags,
        summary: 'Get an annotation',
        params: annotationParamsSchema,
        headers: ifNoneMatchHeaders,
        response: {
          200: annotationSchema,
          304: z.undefined().describe('Not modified: If-None-Match names the current version'),
          400: problemResponses[400],
          404: problemResponses[404],
        },
      },
    },
    async (request, reply) => {
      const annotation = await annotations.get(request.params.id);
      // A client may keep the annotation, but must ask again before using it: with its ETag, that costs a 304.
      reply.header('etag', entityTag(annotation.version)).header('cache-control', 'private, no-cache');
      if (isNotModified(request.headers['if-none-match'], annotation.version)) return reply.code(304).send();
      return annotation;
    },
  );

  app.post(
    '/v1/annotations',
    {
      config: { permission: 'notes:own' },
      schema: {
        tags,
        summary: 'Create an annotation',
        body: createAnnotationSchema,
        response: {
          201: annotationSchema,
          400: problemResponses[400],
          401: problemResponses[401],
          403: problemResponses[403],
          422: problemResponses[422],
        },
      },
    },
    async (request, reply) => {
      const annotation = await annotations.create(currentUser(request), request.body);
      reply
        .code(201)
        .header('location', `/v1/annotations/${annotation.id}`)
        .header('etag', entityTag(annotation.version));
      return annotation;
    },
  );

  app.put(
    '/v1/annotations/:id',
    {
      config: { permission: 'notes:own' },
      schema: {
        tags,
        summary: 'Replace an annotation: every field is set, optional ones left out become null',
        params: annotationParamsSchema,
        headers: ifMatchHeaders,
        body: replaceAnnotationSchema,
        response: {
          200: annotationSchema,
          400: problemResponses[400],
          401: problemResponses[401],
          403: problemResponses[403],
          404: problemResponses[404],
          412: problemResponses[412],
          422: problemResponses[422],
        },
      },
    },
    async (request, reply) => {
      const ifMatch = ifMatchVersions(request.headers['if-match']);
      const annotation = await annotations.replace(currentUser(request), request.params.id, request.body, ifMatch);
      reply.header('etag', entityTag(annotation.version));
      return annotation;
    },
  );

  app.patch(
    '/v1/annotations/:id',
    {
      config: { permission: 'notes:own' },
      schema: {
        tags,
        summary: 'Update some fields of an annotation',
        params: annotationParamsSchema,
        headers: ifMatchHeaders,
        body: updateAnnotationSchema,
        response: {
          200: annotationSchema,
          400: problemResponses[400],
          401: problemResponses[401],
          403: problemResponses[403],
          404: problemResponses[404],
          412: problemResponses[412],
          422: problemResponses[422],
        },
      },
    },
    async (request, reply) => {
      const ifMatch = ifMatchVersions(request.headers['if-match']);
      const annotation = await annotations.update(currentUser(request), request.params.id, request.body, ifMatch);
      reply.header('etag', entityTag(annotation.version));
      return annotation;
    },
  );

  app.delete(
    '/v1/annotations/:id',
    {
      schema: {
        tags,
        summary: 'Delete an annotation',
        params: annotationParamsSchema,
        headers: ifMatchHeaders,
        // 409 once rows of another resource refer to the annotation with ON DELETE RESTRICT.
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
      await annotations.delete(request.params.id, ifMatch);
      return reply.code(204).send();
    },
  );
};

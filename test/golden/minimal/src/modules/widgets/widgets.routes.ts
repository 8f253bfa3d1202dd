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
import { WidgetsRepository } from './widgets.repository.js';
import {
  createWidgetSchema,
  listWidgetsQuerySchema,
  replaceWidgetSchema,
  updateWidgetSchema,
  widgetListSchema,
  widgetParamsSchema,
  widgetSchema,
} from './widgets.schemas.js';
import { WidgetsService } from './widgets.service.js';

/**
 * /v1/widgets: list, get, create, replace, update and delete widgets. Each route declares zod schemas for what
 * it takes and what it answers, which validate the request (400 on failure) and make the OpenAPI document, and a
 * handler that hands the service what the request carries and picks the status code; errors thrown on the way
 * are answered by the error plugin.
 */
export const widgetsModule: AppModule = async (app, { db }) => {
  const widgets = new WidgetsService(new WidgetsRepository(db));
  const tags = ['widgets'];

  app.get(
    '/v1/widgets',
    {
      schema: {
        tags,
        summary: 'List widgets, a page at a time, filtered and sorted',
        querystring: listWidgetsQuerySchema,
        response: { 200: widgetListSchema, 400: problemResponses[400] },
      },
    },
    (request) => {
      const { page, limit, sortBy, sortOrder, ...filters } = request.query;
      return widgets.list({ filters, sortBy, sortOrder, page, limit });
    },
  );

  app.get(
    '/v1/widgets/:id',
    {
      schema: {
        tags,
        summary: 'Get a widget',
        params: widgetParamsSchema,
        headers: ifNoneMatchHeaders,
        response: {
          200: widgetSchema,
          304: z.undefined().describe('Not modified: If-None-Match names the current version'),
          400: problemResponses[400],
          404: problemResponses[404],
        },
      },
    },
    async (request, reply) => {
      const widget = await widgets.get(request.params.id);
      // A client may keep the widget, but must ask again before using it: with its ETag, that costs a 304.
      reply.header('etag', entityTag(widget.version)).header('cache-control', 'private, no-cache');
      if (isNotModified(request.headers['if-none-match'], widget.version)) return reply.code(304).send();
      return widget;
    },
  );

  app.post(
    '/v1/widgets',
    {
      schema: {
        tags,
        summary: 'Create a widget',
        body: createWidgetSchema,
        response: {
          201: widgetSchema,
          400: problemResponses[400],
          409: problemResponses[409],
          422: problemResponses[422],
        },
      },
    },
    async (request, reply) => {
      const widget = await widgets.create(request.body);
      reply.code(201).header('location', `/v1/widgets/${widget.id}`).header('etag', entityTag(widget.version));
      return widget;
    },
  );

  app.put(
    '/v1/widgets/:id',
    {
      schema: {
        tags,
        summary: 'Replace a widget: every field is set, optional ones left out become null',
        params: widgetParamsSchema,
        headers: ifMatchHeaders,
        body: replaceWidgetSchema,
        response: {
          200: widgetSchema,
          400: problemResponses[400],
          404: problemResponses[404],
          409: problemResponses[409],
          412: problemResponses[412],
          422: problemResponses[422],
        },
      },
    },
    async (request, reply) => {
      const ifMatch = ifMatchVersions(request.headers['if-match']);
      const widget = await widgets.replace(request.params.id, request.body, ifMatch);
      reply.header('etag', entityTag(widget.version));
      return widget;
    },
  );

  app.patch(
    '/v1/widgets/:id',
    {
      schema: {
        tags,
        summary: 'Update some fields of a widget',
        params: widgetParamsSchema,
        headers: ifMatchHeaders,
        body: updateWidgetSchema,
        response: {
          200: widgetSchema,
          400: problemResponses[400],
          404: problemResponses[404],
          409: problemResponses[409],
          412: problemResponses[412],
          422: problemResponses[422],
        },
      },
    },
    async (request, reply) => {
      const ifMatch = ifMatchVersions(request.headers['if-match']);
      const widget = await widgets.update(request.params.id, request.body, ifMatch);
      reply.header('etag', entityTag(widget.version));
      return widget;
    },
  );

  app.delete(
    '/v1/widgets/:id',
    {
      schema: {
        tags,
        summary: 'Delete a widget',
        params: widgetParamsSchema,
        headers: ifMatchHeaders,
        // 409 once rows of another resource refer to the widget with ON DELETE RESTRICT.
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
      await widgets.delete(request.params.id, ifMatch);
      return reply.code(204).send();
    },
  );
};

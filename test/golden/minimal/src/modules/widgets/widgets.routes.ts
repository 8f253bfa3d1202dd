import { z } from 'zod';

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
        response: { 200: widgetSchema, 400: problemResponses[400], 404: problemResponses[404] },
      },
    },
    (request) => widgets.get(request.params.id),
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
      reply.code(201).header('location', `/v1/widgets/${widget.id}`);
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
        body: replaceWidgetSchema,
        response: {
          200: widgetSchema,
          400: problemResponses[400],
          404: problemResponses[404],
          409: problemResponses[409],
          422: problemResponses[422],
        },
      },
    },
    (request) => widgets.replace(request.params.id, request.body),
  );

  app.patch(
    '/v1/widgets/:id',
    {
      schema: {
        tags,
        summary: 'Update some fields of a widget',
        params: widgetParamsSchema,
        body: updateWidgetSchema,
        response: {
          200: widgetSchema,
          400: problemResponses[400],
          404: problemResponses[404],
          409: problemResponses[409],
          422: problemResponses[422],
        },
      },
    },
    (request) => widgets.update(request.params.id, request.body),
  );

  app.delete(
    '/v1/widgets/:id',
    {
      schema: {
        tags,
        summary: 'Delete a widget',
        params: widgetParamsSchema,
        // 409 once rows of another resource refer to the widget with ON DELETE RESTRICT.
        response: {
          204: z.undefined().describe('Deleted: no content'),
          400: problemResponses[400],
          404: problemResponses[404],
          409: problemResponses[409],
        },
      },
    },
    async (request, reply) => {
      await widgets.delete(request.params.id);
      return reply.code(204).send();
    },
  );
};

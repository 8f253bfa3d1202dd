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
import { NotesRepository } from './notes.repository.js';
import {
  createNoteSchema,
  listNotesQuerySchema,
  noteListSchema,
  noteParamsSchema,
  noteSchema,
  replaceNoteSchema,
  updateNoteSchema,
} from './notes.schemas.js';
import { NotesService } from './notes.service.js';

/**
 * /v1/notes: list, get, create, replace, update and delete the caller's notes (every route requires notes:own:
 * 401 without credentials, 403 without the permission; notes:all reaches every user's). Each route declares zod
 * schemas for what it takes and what it answers, which validate the request (400 on failure) and make the
 * OpenAPI document, and a handler that hands the service what the request carries and picks the status code;
 * errors thrown on the way are answered by the error plugin.
 */
export const notesModule: AppModule = async (app, { db }) => {
  const notes = new NotesService(new NotesRepository(db));
  const tags = ['notes'];
  // Every route: 401 without credentials, 403 without the permission, before the body is even parsed.
  const config = { permission: 'notes:own' } as const;

  app.get(
    '/v1/notes',
    {
      config,
      schema: {
        tags,
        summary: "List one's own notes (every user's with notes:all), a page at a time, filtered and sorted",
        querystring: listNotesQuerySchema,
        response: {
          200: noteListSchema,
          400: problemResponses[400],
          401: problemResponses[401],
          403: problemResponses[403],
        },
      },
    },
    (request) => {
      const { page, limit, sortBy, sortOrder, ...filters } = request.query;
      return notes.list(currentUser(request), { filters, sortBy, sortOrder, page, limit });
    },
  );

  app.get(
    '/v1/notes/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Get a note',
        params: noteParamsSchema,
        headers: ifNoneMatchHeaders,
        response: {
          200: noteSchema,
          304: z.undefined().describe('Not modified: If-None-Match names the current version'),
          400: problemResponses[400],
          401: problemResponses[401],
          403: problemResponses[403],
          404: problemResponses[404],
        },
      },
    },
    async (request, reply) => {
      const note = await notes.get(currentUser(request), request.params.id);
      // A client may keep the note, but must ask again before using it: with its ETag, that costs a 304.
      reply.header('etag', entityTag(note.version)).header('cache-control', 'private, no-cache');
      if (isNotModified(request.headers['if-none-match'], note.version)) return reply.code(304).send();
      return note;
    },
  );

  app.post(
    '/v1/notes',
    {
      config,
      schema: {
        tags,
        summary: 'Create a note',
        body: createNoteSchema,
        response: {
          201: noteSchema,
          400: problemResponses[400],
          401: problemResponses[401],
          403: problemResponses[403],
        },
      },
    },
    async (request, reply) => {
      const note = await notes.create(currentUser(request), request.body);
      reply.code(201).header('location', `/v1/notes/${note.id}`).header('etag', entityTag(note.version));
      return note;
    },
  );

  app.put(
    '/v1/notes/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Replace a note: every field is set, optional ones left out become null',
        params: noteParamsSchema,
        headers: ifMatchHeaders,
        body: replaceNoteSchema,
        response: {
          200: noteSchema,
          400: problemResponses[400],
          401: problemResponses[401],
          403: problemResponses[403],
          404: problemResponses[404],
          412: problemResponses[412],
        },
      },
    },
    async (request, reply) => {
      const ifMatch = ifMatchVersions(request.headers['if-match']);
      const note = await notes.replace(currentUser(request), request.params.id, request.body, ifMatch);
      reply.header('etag', entityTag(note.version));
      return note;
    },
  );

  app.patch(
    '/v1/notes/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Update some fields of a note',
        params: noteParamsSchema,
        headers: ifMatchHeaders,
        body: updateNoteSchema,
        response: {
          200: noteSchema,
          400: problemResponses[400],
          401: problemResponses[401],
          403: problemResponses[403],
          404: problemResponses[404],
          412: problemResponses[412],
        },
      },
    },
    async (request, reply) => {
      const ifMatch = ifMatchVersions(request.headers['if-match']);
      const note = await notes.update(currentUser(request), request.params.id, request.body, ifMatch);
      reply.header('etag', entityTag(note.version));
      return note;
    },
  );

  app.delete(
    '/v1/notes/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Delete a note',
        params: noteParamsSchema,
        headers: ifMatchHeaders,
        // 409 once rows of another resource refer to the note with ON DELETE RESTRICT.
        response: {
          204: z.undefined().describe('Deleted: no content'),
          400: problemResponses[400],
          401: problemResponses[401],
          403: problemResponses[403],
          404: problemResponses[404],
          409: problemResponses[409],
          412: problemResponses[412],
        },
      },
    },
    async (request, reply) => {
      const ifMatch = ifMatchVersions(request.headers['if-match']);
      await notes.delete(currentUser(request), request.params.id, ifMatch);
      return reply.code(204).send();
    },
  );
};

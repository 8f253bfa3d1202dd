import type { FastifyReply } from 'fastify';

import type { AuthenticatedUser } from '../../auth/access.js';
import type { CreateNote, ListNotesQuery, NoteParams, ReplaceNote, UpdateNote } from './notes.schemas.js';
import type { NotesService } from './notes.service.js';

/**
 * The HTTP side of notes: each method takes a request whose params, query and body the route's schemas have
 * already validated, calls the service, and picks the status code. The body it returns is shaped by the route's
 * response schema; errors are thrown and answered by the global error handler.
 */
export class NotesHandler {
  constructor(private readonly service: NotesService) {}

  async list(caller: AuthenticatedUser, request: { query: ListNotesQuery }) {
    const { page, limit, sortBy, sortOrder, ...filters } = request.query;
    return this.service.list(caller, { filters, sortBy, sortOrder, page, limit });
  }

  async get(caller: AuthenticatedUser, request: { params: NoteParams }) {
    return this.service.get(caller, request.params.id);
  }

  async create(caller: AuthenticatedUser, request: { body: CreateNote }, reply: FastifyReply) {
    const note = await this.service.create(caller, request.body);
    reply.code(201).header('location', `/v1/notes/${note.id}`);
    return note;
  }

  async replace(caller: AuthenticatedUser, request: { params: NoteParams; body: ReplaceNote }) {
    return this.service.replace(caller, request.params.id, request.body);
  }

  async update(caller: AuthenticatedUser, request: { params: NoteParams; body: UpdateNote }) {
    return this.service.update(caller, request.params.id, request.body);
  }

  async delete(caller: AuthenticatedUser, request: { params: NoteParams }, reply: FastifyReply) {
    await this.service.delete(caller, request.params.id);
    return reply.code(204).send();
  }
}

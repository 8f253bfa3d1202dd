import fastJson from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { z } from 'zod';

// One function per schema, whichever routes and apps share it: the problem schemas of every route's errors, and
// in the tests every app built from the same modules. Compiling is most of the time an app takes to start.
const compiled = new WeakMap<z.ZodType, ReturnType<typeof fastJson>>();

/**
 * How responses are written: each route's zod response schema is turned into JSON Schema (the same one /docs
 * shows) and compiled by fast-json-stringify, Fastify's own serializer, into a function that writes the schema's
 * fields and nothing else. A field a handler returns but the schema does not name never reaches the client.
 * Values are not checked again on the way out: TypeScript already holds handlers to the schema's types.
 */
export const serializerCompiler: FastifySerializerCompiler<z.ZodType> = ({ schema }) => {
  let serialize = compiled.get(schema);
  if (!serialize) {
    serialize = fastJson(
      z.toJSONSchema(schema, { io: 'output', target: 'draft-7', unrepresentable: 'any' }) as fastJson.AnySchema,
    );
    compiled.set(schema, serialize);
  }
  return serialize;
};

import { constants } from 'node:zlib';

import compress from '@fastify/compress';
import fp from 'fastify-plugin';

/**
 * Responses of at least 1 KB are compressed when the client's Accept-Encoding allows it: Brotli, else gzip.
 * Smaller ones are sent as they are, since compressing them costs more time than it saves bytes. Errors, the
 * metrics page and the docs follow the same rule, as every response passes through here.
 */
export default fp(
  async (app) => {
    await app.register(compress, {
      global: true,
      // Bodies come in as JSON only (app.ts): compressed request bodies are not taken, so none is inflated past
      // BODY_LIMIT_BYTES.
      globalDecompression: false,
      threshold: 1024,
      encodings: ['br', 'gzip'],
      // Brotli's default (quality 11) is meant for files compressed once; for responses made on every request,
      // quality 4 compresses about as well as gzip does at a fraction of quality 11's time.
      brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } },
    });
  },
  { name: 'compression' },
);

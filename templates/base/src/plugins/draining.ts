import fp from 'fastify-plugin';

/**
 * Connection draining: once the app starts closing, the responses to requests still in flight say
 * `Connection: close`, so that their keep-alive connections end with them rather than holding the closing
 * server open until they time out.
 */
export default fp(
  async (app) => {
    let closing = false;
    app.addHook('preClose', async () => {
      closing = true;
    });
    app.addHook('onSend', (_request, reply, payload, done) => {
      if (closing) reply.header('connection', 'close');
      done(null, payload);
    });
  },
  { name: 'draining' },
);

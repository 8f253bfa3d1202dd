// The baselines for the throughput benchmark: a bare Fastify + pg handler running the same query as the generated
// GET /v1/projects/:id, and a bare GET /health answering the same JSON, with none of the generated service's
// validation, logging or plugins. It is copied into the generated service's folder so that it loads the same
// fastify and pg.
// With BARE_SECURITY_HEADERS=1 its responses also carry the headers every response of the generated service must
// carry by contract rule 9: helmet's defaults (HSTS included, as in production) and Cache-Control, set in one hook as
// the generated service sets them. What this server costs more than the bare one is the share of the generated
// service's cost that those headers alone take.
import Fastify from 'fastify';
import helmet from 'helmet';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const app = Fastify();

if (process.env.BARE_SECURITY_HEADERS === '1') {
  const headers = { 'cache-control': 'no-store' };
  const recorder = { setHeader: (name, value) => (headers[name.toLowerCase()] = value), removeHeader: () => {} };
  helmet({ strictTransportSecurity: true })({}, recorder, () => {});
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}

app.get('/health', async () => ({ status: 'ok' }));

app.get('/v1/projects/:id', async (request, reply) => {
  const { rows } = await pool.query('SELECT * FROM projects WHERE id = $1', [request.params.id]);
  if (rows.length === 0) return reply.code(404).send({ status: 404 });
  const row = rows[0];
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    status: row.status,
    budget: row.budget,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
});

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
process.on('SIGTERM', () => app.close().then(() => pool.end()));

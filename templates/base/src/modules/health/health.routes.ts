import { HttpError } from '../../lib/errors.js';
import { probeRouteConfig } from '../../lib/probes.js';
import { problemResponse } from '../../lib/problem-details.js';
import type { AppModule } from '../app-module.js';
import { healthResponseSchema, readyResponseSchema } from './health.schemas.js';
import { runReadinessChecks } from './health.service.js';

/**
 * GET /health: the process is alive (a liveness probe; it touches nothing else).
 * GET /ready: every backing service answers, so this instance can take traffic (a readiness probe). An optional one
 * (a cache) that fails is named in `checks`, with status `degraded`, and the answer is still 200.
 * Both are probes (lib/probes.ts): not rate limited, not counted in the request duration histogram, and logged at
 * debug only, as orchestrators call them every few seconds.
 */
export const healthModule: AppModule = async (app, { readinessChecks }) => {
  app.get(
    '/health',
    {
      config: probeRouteConfig,
      schema: {
        tags: ['health'],
        summary: 'Liveness: the process is up',
        response: { 200: healthResponseSchema },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      config: probeRouteConfig,
      schema: {
        tags: ['health'],
        summary: 'Readiness: every backing service answers (degraded: an optional one, a cache, does not)',
        response: {
          200: readyResponseSchema,
          503: problemResponse(
            'A backing service does not answer (`checks` names it), or the service is shutting down',
          ),
        },
      },
    },
    async (request) => {
      // Shutting down: the load balancer must stop sending requests here, whatever the backing services say.
      if (app.draining) throw new HttpError(503, 'Not ready: shutting down');
      const checks = await runReadinessChecks(readinessChecks, request.log);
      const failing = readinessChecks.filter(({ name }) => checks[name] === 'fail');
      const required = failing.filter((check) => !check.optional).map(({ name }) => name);
      if (required.length > 0) throw new HttpError(503, `Not ready: ${required.join(', ')} failed`, { checks });
      // Taking every instance out of the load balancer because a cache is down would turn a slower service into
      // none at all: an optional service's failure is named, and the instance stays ready.
      return { status: failing.length > 0 ? ('degraded' as const) : ('ok' as const), checks };
    },
  );
};

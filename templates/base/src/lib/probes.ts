import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A probe route: see probeRouteConfig. */
    probe?: boolean;
  }
}

/**
 * The route config of the probes, /health, /ready and /metrics, which orchestrators and metrics scrapers call every
 * few seconds for as long as the service runs. Their requests are logged at debug, not info, and left out of the
 * request duration histogram: they would otherwise fill both with lines and counts that say nothing about the
 * clients. And they are not rate limited, so that no client can make this instance look down or unready.
 */
export const probeRouteConfig = { probe: true, rateLimit: false } as const;

/** Whether the request was routed to a probe (see probeRouteConfig). */
export function isProbe(request: FastifyRequest): boolean {
  return request.routeOptions.config.probe === true;
}

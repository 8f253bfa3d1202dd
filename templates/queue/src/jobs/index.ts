import type { JobDefinition } from './job.js';
import { purgeExpiredJob } from './purge-expired.job.js';

/** Every job type of the service: workers run these. `backend add job` adds to this list. */
export const jobs: readonly JobDefinition[] = [purgeExpiredJob];

import type { FormatWorker } from '../engine/format-worker.js';
import { findProject } from '../project.js';
import { planJob } from '../jobs/plan-job.js';
import { carryOut, formatEditedFiles, resourceProject } from './add-resource.js';
import type { Output } from './output.js';

export interface AddJobRequest {
  cwd: string;
  name: string;
  fields: string[];
  dryRun: boolean;
}

/** `backend add job`: plans the job (plan-job.ts), shows the plan, and writes it all in one step (or nothing). */
export async function addJob(request: AddJobRequest, output: Output, worker: FormatWorker): Promise<void> {
  const project = resourceProject(await findProject(request.cwd));
  const prettierOptions = JSON.parse(project.read('.prettierrc.json') ?? '{}') as object;
  const plan = await planJob(project, request, {
    format: (files) => worker.format(files, prettierOptions),
    formatEdited: (changes, paths) => formatEditedFiles(changes, paths, worker, prettierOptions),
  });
  await carryOut(plan, request.dryRun, output);
}

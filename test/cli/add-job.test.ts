import { cp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backendBin, createBin, listTree, makeTempDir, treeSnapshot, removeDir, runCli } from '../helpers/cli.js';

let workDir: string;
/** A service with pg-boss, and one without a queue. */
let pristine: string;
let pristineWithoutQueue: string;
let project: string;
let runs = 0;

beforeAll(async () => {
  workDir = await makeTempDir('create-backend-add-job');
  pristine = join(workDir, 'pristine');
  pristineWithoutQueue = join(workDir, 'pristine-without-queue');
  for (const [dir, queue] of [
    [pristine, 'pg-boss'],
    [pristineWithoutQueue, 'none'],
  ] as const) {
    const created = await runCli(createBin, [dir, '--queue', queue, '--yes', '--no-install', '--no-git'], {
      cwd: workDir,
    });
    expect(created.exitCode, created.stderr).toBe(0);
  }
  const customers = await runCli(backendBin, ['add', 'resource', 'customers', 'name:string'], { cwd: pristine });
  expect(customers.exitCode, customers.stderr).toBe(0);
});

afterAll(async () => {
  await removeDir(workDir);
});

beforeEach(async () => {
  runs += 1;
  project = join(workDir, `project-${runs}`);
  await cp(pristine, project, { recursive: true });
});

const backend = (args: string[], cwd = project) => runCli(backendBin, args, { cwd });
const read = (path: string) => readFile(join(project, path), 'utf8');

/** One line on stderr, a non-zero exit, and the project exactly as it was. */
async function expectRefusal(args: string[], message: RegExp): Promise<void> {
  const before = await treeSnapshot(project);
  const result = await backend(args);
  expect(result.exitCode).not.toBe(0);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(message);
  expect(await treeSnapshot(project)).toEqual(before);
}

describe('backend add job', () => {
  it('writes the job, its test and its queue migration, registers it with the workers and records it', async () => {
    const result = await backend([
      'add',
      'job',
      'sendReport',
      'reportId:uuid',
      'customer:references(customers)',
      'format:enum(pdf,csv)=pdf',
      'note:text?',
    ]);

    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('Using "send-report" for "sendReport"');
    const job = await read('src/jobs/send-report.job.ts');
    expect(job).toContain("name: 'send-report',");
    expect(job).toContain('reportId: z.uuid(),');
    expect(job).toContain('customerId: z.uuid(),');
    expect(job).toContain("format: z.enum(['pdf', 'csv']).default('pdf'),");
    expect(job).toContain('note: z.string().min(1).nullable().optional(),');
    expect(await read('src/jobs/send-report.job.test.ts')).toContain("describe('the send-report job'");
    const index = await read('src/jobs/index.ts');
    expect(index).toContain("import { sendReportJob } from './send-report.job.js';");
    expect(index).toMatch(/\[purgeExpiredJob, analyzeTablesJob, sendReportJob\]/);
    const migrations = (await listTree(join(project, 'migrations'))).filter((path) => path.includes('send_report'));
    expect(migrations).toEqual([expect.stringMatching(/^\d{14}_create_send_report_job_queue\.ts$/)]);
    expect(await read(`migrations/${migrations[0]}`)).toContain("createQueue('send-report')");
    const manifest = JSON.parse(await read('backend.json')) as { jobs: unknown; files: Record<string, unknown> };
    expect(manifest.jobs).toEqual([
      {
        name: 'send-report',
        fields: ['reportId:uuid', 'customer:references(customers)', 'format:enum(pdf,csv)=pdf', 'note:text?'],
      },
    ]);
    expect(Object.keys(manifest.files)).toContain('src/jobs/send-report.job.ts');
  });

  it('takes a job with no payload', async () => {
    const result = await backend(['add', 'job', 'rebuild-stats']);

    expect(result.exitCode, result.stderr).toBe(0);
    const job = await read('src/jobs/rebuild-stats.job.ts');
    expect(job).toContain('payload: z.object({}),');
    expect(job).toContain('async handle(_payload, { logger }) {');
  });

  it('shows the plan on --dry-run, and writes nothing', async () => {
    const before = await treeSnapshot(project);

    const result = await backend(['add', 'job', 'send-report', 'reportId:uuid', '--dry-run']);

    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('would create src/jobs/send-report.job.ts');
    expect(result.stdout).toContain('+import { sendReportJob }');
    expect(await treeSnapshot(project)).toEqual(before);
  });

  it('refuses a job that exists already', async () => {
    expect((await backend(['add', 'job', 'send-report', 'reportId:uuid'])).exitCode).toBe(0);
    await expectRefusal(['add', 'job', 'send_report', 'other:uuid'], /The job "send-report" exists already/);
    await expectRefusal(['add', 'job', 'purge-expired'], /The job "purge-expired" exists already/);
  });

  it('refuses an invalid name, a bad field, a column modifier and a reference to no resource', async () => {
    await expectRefusal(['add', 'job', '1st-job'], /Invalid job name "1st-job"/);
    await expectRefusal(['add', 'job', 'send-report', 'size:huge'], /Invalid field "size:huge": unknown type "huge"/);
    await expectRefusal(['add', 'job', 'send-report', 'email:email:unique'], /"unique" is about a table's column/);
    await expectRefusal(['add', 'job', 'bill', 'order:references(orders)'], /"orders" is not a resource/);
  });

  it('refuses in a service without a job queue', async () => {
    project = join(workDir, `project-${runs}-without-queue`);
    await cp(pristineWithoutQueue, project, { recursive: true });

    await expectRefusal(['add', 'job', 'send-report'], /This service has no job queue/);
  });
});

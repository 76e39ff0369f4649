import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobsTable } from '../../../functions/shared/tables/jobs.js';
import { startDynalite, TABLE_NAMES } from './dynalite.js';

describe('JobsTable.markFailed on a real DynamoDB API', () => {
  let db: Awaited<ReturnType<typeof startDynalite>>;
  let jobs: JobsTable;
  const failure = { reason: 'Something went wrong', error: { state: 'Extract', error: 'ExtractionFailed' } };

  beforeAll(async () => {
    db = await startDynalite();
    jobs = new JobsTable(TABLE_NAMES.jobs, db.documents);
  });
  afterAll(() => db.stop());

  it('marks a job FAILED once, then refuses while it stays FAILED', async () => {
    await jobs.create({
      job_id: 'job-0001',
      source_url: 'https://x.test/a.mp3',
      email: 'a@b.co',
      format: 'mp3',
    });

    await expect(jobs.markFailed('job-0001', failure)).resolves.toBe(true);
    await expect(jobs.markFailed('job-0001', failure)).resolves.toBe(false);
    await expect(jobs.get('job-0001')).resolves.toMatchObject({ status: 'FAILED', ...failure });
  });

  it('marks it again after a redriven task moved it on', async () => {
    await jobs.create({
      job_id: 'job-0002',
      source_url: 'https://x.test/a.mp3',
      email: 'a@b.co',
      format: 'mp3',
    });
    await jobs.markFailed('job-0002', failure);

    await jobs.update('job-0002', 'EXTRACTING');

    await expect(jobs.markFailed('job-0002', failure)).resolves.toBe(true);
  });

  it('creates nothing for a job that does not exist', async () => {
    await expect(jobs.markFailed('job-none', failure)).resolves.toBe(false);
    await expect(jobs.get('job-none')).resolves.toBeUndefined();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobsTable } from '../../../functions/shared/tables/jobs.js';
import { startDynalite, TABLE_NAMES } from './dynalite.js';

describe('the jobs table through a failure and a redrive, on a real DynamoDB API', () => {
  let db: Awaited<ReturnType<typeof startDynalite>>;
  let jobs: JobsTable;
  const failure = { reason: 'Something went wrong', error: { state: 'Extract', error: 'ExtractionFailed' } };
  const create = (jobId: string) =>
    jobs.create({ job_id: jobId, source_url: 'https://x.test/a.mp3', email: 'a@b.co', format: 'mp3' });

  beforeAll(async () => {
    db = await startDynalite();
    jobs = new JobsTable(TABLE_NAMES.jobs, db.documents);
  });
  afterAll(() => db.stop());

  it('marks a job FAILED with the failure, answering the item as it was before', async () => {
    await create('job-0001');

    await expect(jobs.markFailed('job-0001', failure)).resolves.toMatchObject({ status: 'QUEUED' });
    await expect(jobs.markFailed('job-0001', failure)).resolves.toMatchObject({ status: 'FAILED' });
    await expect(jobs.get('job-0001')).resolves.toMatchObject({ status: 'FAILED', ...failure });
  });

  it('gives the apology to the first claim only, across a redrive that fails again', async () => {
    await create('job-0002');
    await jobs.markFailed('job-0002', failure);
    await expect(jobs.claimApology('job-0002')).resolves.toBe(true);

    await jobs.update('job-0002', 'EXTRACTING');
    await jobs.markFailed('job-0002', failure);

    await expect(jobs.claimApology('job-0002')).resolves.toBe(false);
    await expect(jobs.get('job-0002')).resolves.toMatchObject({ apologized_at: expect.any(String) });
  });

  it('gives no apology for a job whose download link was sent', async () => {
    await create('job-0003');
    await jobs.update('job-0003', 'DELIVERED', { link_hash: 'ab'.repeat(32) });
    await expect(jobs.claimApology('job-0003')).resolves.toBe(false);
  });

  it('drops the failure reason and error once a redriven job moves on or is delivered', async () => {
    await create('job-0004');
    await jobs.markFailed('job-0004', failure);

    await jobs.update('job-0004', 'EXTRACTING');
    const moving = await jobs.get('job-0004');
    expect(moving).toMatchObject({ status: 'EXTRACTING' });
    expect(moving).not.toHaveProperty('reason');
    expect(moving).not.toHaveProperty('error');

    await jobs.update('job-0004', 'DELIVERED', { s3_key: 'audio/x/mp3' });
    expect(await jobs.get('job-0004')).not.toHaveProperty('reason');
  });

  it('keeps the reason a rejection is recorded with', async () => {
    await create('job-0005');
    await jobs.update('job-0005', 'REJECTED', { reason: 'The video is longer than 30 minutes.' });
    expect(await jobs.get('job-0005')).toMatchObject({ reason: 'The video is longer than 30 minutes.' });
  });

  it('creates nothing for a job that does not exist', async () => {
    await expect(jobs.markFailed('job-none', failure)).resolves.toBeUndefined();
    await expect(jobs.claimApology('job-none')).resolves.toBe(false);
    await expect(jobs.get('job-none')).resolves.toBeUndefined();
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createProgressWriter } from '../../../functions/extract/progress.js';
import { JobsTable } from '../../../functions/shared/tables/jobs.js';
import { startDynalite, TABLE_NAMES } from '../failed/dynalite.js';

function recorder() {
  const writes: number[] = [];
  const jobs = {
    recordProgress: vi.fn(async (_jobId: string, fraction: number) => {
      writes.push(fraction);
    }),
  };
  return { writes, jobs };
}

describe('the progress writer', () => {
  it('writes at every 5 % of the audio, not at every ffmpeg report', async () => {
    const { jobs, writes } = recorder();
    const clock = { now: 0 };
    const writer = createProgressWriter({
      jobs,
      jobId: 'job-1',
      durationSeconds: 100,
      nowMs: () => clock.now,
    });

    // ffmpeg reports about twice a second; here every 0.5 s of audio, all within the same instant.
    for (let seconds = 0.5; seconds <= 100; seconds += 0.5) {
      writer.report(seconds);
      await writer.settled();
    }

    expect(writes.length).toBeLessThanOrEqual(21);
    expect(writes.length).toBeGreaterThanOrEqual(19);
    expect(writes).toEqual([...writes].sort((a, b) => a - b));
    expect(Math.max(...writes.slice(1).map((value, index) => value - writes[index]!))).toBeLessThan(0.06);
    expect(writes.at(-1)).toBe(1);
  });

  it('writes smaller steps once 2 seconds have passed, so a slow extraction still moves', () => {
    const { jobs, writes } = recorder();
    const clock = { now: 0 };
    const writer = createProgressWriter({
      jobs,
      jobId: 'job-1',
      durationSeconds: 1000,
      nowMs: () => clock.now,
    });

    writer.report(10); // 1 %, too soon
    clock.now = 1999;
    writer.report(12);
    clock.now = 2000;
    writer.report(13);

    expect(writes).toEqual([0.01]);
  });

  it('never has two writes in flight, and never goes backwards', async () => {
    let finish!: () => void;
    const calls: number[] = [];
    const jobs = {
      recordProgress: (_jobId: string, fraction: number) => {
        calls.push(fraction);
        return new Promise<void>((resolve) => (finish = resolve));
      },
    };
    const writer = createProgressWriter({ jobs, jobId: 'job-1', durationSeconds: 10, nowMs: () => 0 });

    writer.report(1);
    writer.report(5);
    expect(calls).toEqual([0.1]);
    finish();
    await writer.settled();
    writer.report(0.5);
    writer.report(6);
    expect(calls).toEqual([0.1, 0.6]);
    finish();
    await writer.settled();
  });

  it('swallows a failed write: progress is a courtesy, the extraction goes on', async () => {
    const jobs = {
      recordProgress: vi.fn(async () => Promise.reject(new Error('ProvisionedThroughputExceeded'))),
    };
    const writer = createProgressWriter({ jobs, jobId: 'job-1', durationSeconds: 10, nowMs: () => 0 });

    writer.report(5);
    await expect(writer.settled()).resolves.toBeUndefined();
    writer.report(8);
    expect(jobs.recordProgress).toHaveBeenCalledTimes(2);
  });

  it('writes nothing for a source of unknown length', () => {
    const { jobs } = recorder();
    const writer = createProgressWriter({ jobs, jobId: 'job-1', durationSeconds: 0, nowMs: () => 0 });
    writer.report(30);
    expect(jobs.recordProgress).not.toHaveBeenCalled();
  });
});

describe('JobsTable.recordProgress on a real DynamoDB API', () => {
  let db: Awaited<ReturnType<typeof startDynalite>>;
  let jobs: JobsTable;
  beforeAll(async () => {
    db = await startDynalite();
    jobs = new JobsTable(TABLE_NAMES.jobs, db.documents);
  });
  afterAll(() => db.stop());

  const newJob = (jobId: string) =>
    jobs.create({ job_id: jobId, source_url: 'https://x.test/a.mp3', email: 'a@b.co', format: 'mp3' });

  it('records progress on an EXTRACTING job without touching its status or update time', async () => {
    await newJob('job-p1');
    await jobs.update('job-p1', 'EXTRACTING');
    const before = await jobs.get('job-p1');

    await jobs.recordProgress('job-p1', 0.4);

    const after = await jobs.get('job-p1');
    expect(after).toMatchObject({ status: 'EXTRACTING', progress: 0.4, updated_at: before!.updated_at });
  });

  it('leaves a job that moved on as it is, without an error', async () => {
    await newJob('job-p2');
    await jobs.update('job-p2', 'NOTIFYING');

    await expect(jobs.recordProgress('job-p2', 0.9)).resolves.toBeUndefined();
    expect((await jobs.get('job-p2'))?.progress).toBeUndefined();
  });
});

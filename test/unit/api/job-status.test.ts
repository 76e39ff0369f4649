import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { JobItem } from '../../../functions/shared/tables/jobs.js';
import { apiEvent, bodyOf, createApi } from './api-fixture.js';

const JOB_ID = '3f2b8c1e-7a4d-4c2b-9e1f-0a1b2c3d4e5f';

const deliveredJob: JobItem = {
  job_id: JOB_ID,
  status: 'DELIVERED',
  source_url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
  email: 'jane.doe@example.com',
  format: 'm4a',
  created_at: '2030-05-01T11:00:00.000Z',
  updated_at: '2030-05-01T11:02:00.000Z',
  expires_at: 1_900_000_000,
  video_id: 'dQw4w9WgXcQ',
  video: { id: 'dQw4w9WgXcQ', title: 'Never Gonna Give You Up', author: 'Rick Astley', durationSeconds: 213 },
  execution_arn: 'arn:aws:states:us-east-1:123456789012:execution:AudioSync:x',
  link_hash: 'a'.repeat(64),
  link_expires_at: '2030-05-08T11:02:00.000Z',
  s3_key: 'audio/dQw4w9WgXcQ/m4a.m4a',
};

const getStatus = (jobId: string) => apiEvent({ method: 'GET', path: `/jobs/${jobId}` });

describe('GET /jobs/{jobId}', () => {
  let api: ReturnType<typeof createApi>;
  beforeEach(() => {
    api = createApi();
  });
  afterEach(() => api.restore());

  it('answers the status, format, options, video summary and timestamps, and nothing else', async () => {
    api.items.set(JOB_ID, deliveredJob);
    const response = await api.call(getStatus(JOB_ID));

    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual({
      jobId: JOB_ID,
      status: 'DELIVERED',
      format: 'm4a',
      // A job stored before options existed was made with the defaults.
      options: { coverArt: true },
      video: {
        id: 'dQw4w9WgXcQ',
        title: 'Never Gonna Give You Up',
        author: 'Rick Astley',
        durationSeconds: 213,
      },
      createdAt: '2030-05-01T11:00:00.000Z',
      updatedAt: '2030-05-01T11:02:00.000Z',
    });
  });

  it('answers the options the job was made with, trim points in seconds', async () => {
    const options = { quality: 'V2', startSeconds: 65, endSeconds: 120.5, coverArt: false } as const;
    api.items.set(JOB_ID, { ...deliveredJob, format: 'mp3', options });

    expect(bodyOf(await api.call(getStatus(JOB_ID)))).toMatchObject({ format: 'mp3', options });
  });

  it('never reveals the email, the link hash, the object key or the execution', async () => {
    api.items.set(JOB_ID, deliveredJob);
    const { body } = await api.call(getStatus(JOB_ID));

    expect(body).not.toContain('example.com');
    expect(body).not.toContain(deliveredJob.link_hash);
    expect(body).not.toContain('audio/');
    expect(body).not.toContain('arn:');
  });

  it('explains a rejection in plain words', async () => {
    api.items.set(JOB_ID, {
      ...deliveredJob,
      status: 'REJECTED',
      reason: 'The video is longer than 30 minutes',
      video: undefined,
    });
    expect(bodyOf(await api.call(getStatus(JOB_ID)))).toMatchObject({
      status: 'REJECTED',
      reason: 'The video is longer than 30 minutes',
    });
  });

  it('answers 404 for an unknown job', async () => {
    const response = await api.call(getStatus(JOB_ID));
    expect(response.statusCode).toBe(404);
    expect(bodyOf(response)).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it.each(['short', 'x'.repeat(65), 'has%20space', '..%2F..%2Fetc', '%E0%A4%A'])(
    'answers 404 for the malformed id %s without reading the table',
    async (jobId) => {
      const response = await api.call(getStatus(jobId));
      expect(response.statusCode).toBe(404);
      expect(api.ddb.commandCalls(GetCommand)).toHaveLength(0);
    },
  );
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobItem } from '../../../functions/shared/tables/jobs.js';
import { apiEvent, bodyOf, createApi } from './api-fixture.js';

const JOB_ID = '3f2b8c1e-7a4d-4c2b-9e1f-0a1b2c3d4e5f';
const VIDEO = { id: 'dQw4w9WgXcQ', title: 'Tone', author: 'Tester', durationSeconds: 213 };

function job(overrides: Partial<JobItem>): JobItem {
  return {
    job_id: JOB_ID,
    status: 'EXTRACTING',
    source_url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    email: 'jane@example.com',
    format: 'mp3',
    created_at: '2030-05-01T11:00:00.000Z',
    updated_at: '2030-05-01T11:02:00.000Z',
    expires_at: 1_900_000_000,
    video: VIDEO,
    ...overrides,
  };
}

describe('GET /jobs/{jobId}: progress and thumbnail', () => {
  let api: ReturnType<typeof createApi>;
  beforeEach(() => (api = createApi()));
  afterEach(() => api.restore());
  const read = async () => bodyOf(await api.call(apiEvent({ method: 'GET', path: `/jobs/${JOB_ID}` })));

  it('shows the fraction extracted while EXTRACTING', async () => {
    api.items.set(JOB_ID, job({ progress: 0.42 }));
    expect(await read()).toMatchObject({ status: 'EXTRACTING', progress: 0.42 });
  });

  it('shows 0 while EXTRACTING before the first write', async () => {
    api.items.set(JOB_ID, job({}));
    expect((await read()).progress).toBe(0);
  });

  it.each(['NOTIFYING', 'DELIVERED', 'FAILED'] as const)('leaves progress out once %s', async (status) => {
    api.items.set(JOB_ID, job({ status, progress: 0.8 }));
    expect(await read()).not.toHaveProperty('progress');
  });

  it('passes on an https thumbnail, and no other', async () => {
    api.items.set(
      JOB_ID,
      job({ video: { ...VIDEO, thumbnailUrl: 'https://i.ytimg.com/vi/dQw4w9WgXcQ/hq.jpg' } }),
    );
    expect((await read()).video).toEqual({
      ...VIDEO,
      thumbnailUrl: 'https://i.ytimg.com/vi/dQw4w9WgXcQ/hq.jpg',
    });

    api.items.set(JOB_ID, job({ video: { ...VIDEO, thumbnailUrl: 'javascript:alert(1)' } }));
    expect((await read()).video).toEqual(VIDEO);
  });
});

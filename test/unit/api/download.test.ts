import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HeadObjectCommand, NotFound } from '@aws-sdk/client-s3';
import { issueDownloadToken } from '../../../functions/shared/download-token.js';
import type { JobItem } from '../../../functions/shared/tables/jobs.js';
import { apiEvent, bodyOf, createApi, NOW } from './api-fixture.js';

const JOB_ID = '3f2b8c1e-7a4d-4c2b-9e1f-0a1b2c3d4e5f';
const HOUR = 3_600_000;

function deliveredJob(hash: string, overrides: Partial<JobItem> = {}): JobItem {
  return {
    job_id: JOB_ID,
    status: 'DELIVERED',
    source_url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    email: 'jane@example.com',
    format: 'mp3',
    created_at: '2030-05-01T11:00:00.000Z',
    updated_at: '2030-05-01T11:02:00.000Z',
    expires_at: 1_900_000_000,
    video_id: 'dQw4w9WgXcQ',
    video: { id: 'dQw4w9WgXcQ', title: 'Déjà Vu: "Live"', author: 'Olivia / Band', durationSeconds: 213 },
    link_hash: hash,
    link_expires_at: new Date(NOW.getTime() + HOUR).toISOString(),
    s3_key: 'audio/dQw4w9WgXcQ/mp3.mp3',
    ...overrides,
  };
}

const getDownload = (token: string) => apiEvent({ method: 'GET', path: `/download/${token}` });

describe('GET /download/{token}', () => {
  let api: ReturnType<typeof createApi>;
  let token: string;
  beforeEach(() => {
    api = createApi();
    const issued = issueDownloadToken(JOB_ID);
    token = issued.token;
    api.items.set(JOB_ID, deliveredJob(issued.hash));
  });
  afterEach(() => api.restore());

  it('redirects 302 to a presigned GET of the rendition, valid for the configured seconds', async () => {
    const response = await api.call(getDownload(token));

    expect(response.statusCode).toBe(302);
    const location = new URL(response.headers.location!);
    expect(location.hostname).toBe('media-bucket.s3.us-east-1.amazonaws.com');
    expect(location.pathname).toBe('/audio/dQw4w9WgXcQ/mp3.mp3');
    expect(location.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(location.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(location.searchParams.get('response-content-type')).toBe('audio/mpeg');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  });

  it('names the file "<Title> - <Author>.<ext>", safely and RFC 5987-encoded', async () => {
    const response = await api.call(getDownload(token));
    const disposition = new URL(response.headers.location!).searchParams.get('response-content-disposition');

    expect(disposition).toBe(
      `attachment; filename="Deja Vu Live - Olivia Band.mp3"; ` +
        `filename*=UTF-8''D%C3%A9j%C3%A0%20Vu%20Live%20-%20Olivia%20Band.mp3`,
    );
  });

  it('names a trimmed rendition with the part it holds, so it never passes for the whole video', async () => {
    const issued = issueDownloadToken(JOB_ID);
    api.items.set(
      JOB_ID,
      deliveredJob(issued.hash, { options: { startSeconds: 90, endSeconds: 150.5, coverArt: true } }),
    );
    const response = await api.call(getDownload(issued.token));
    const disposition = new URL(response.headers.location!).searchParams.get('response-content-disposition');

    expect(disposition).toContain('filename="Deja Vu Live - Olivia Band (1m30s-2m30.5s).mp3"');
  });

  it('checks the object in the configured bucket before signing', async () => {
    await api.call(getDownload(token));
    expect(api.s3.commandCalls(HeadObjectCommand)[0]!.args[0].input).toEqual({
      Bucket: 'media-bucket',
      Key: 'audio/dQw4w9WgXcQ/mp3.mp3',
    });
  });

  it.each([
    ['a wrong secret', () => `${JOB_ID}.${'A'.repeat(43)}`],
    ['a token for an unknown job', () => `4a4a4a4a-0000-4000-8000-000000000000.${token.split('.')[1]}`],
    ['a token with one character changed', () => token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A')],
    ['a token without a secret', () => JOB_ID],
    ['a token with a short secret', () => token.slice(0, -2)],
    ['a token with a bad character', () => `${token.slice(0, -1)}!`],
  ])('answers the same 404 for %s', async (_case, tokenFor) => {
    const response = await api.call(getDownload(tokenFor()));

    expect(response.statusCode).toBe(404);
    expect(bodyOf(response)).toEqual({ error: { code: 'NOT_FOUND', message: 'No such download link' } });
    expect(response.headers.location).toBeUndefined();
  });

  it('answers 404 for a job that never got a link', async () => {
    api.items.set(JOB_ID, deliveredJob('', { link_hash: undefined }));
    expect((await api.call(getDownload(token))).statusCode).toBe(404);
  });

  it('answers 410 when the link has expired', async () => {
    const job = api.items.get(JOB_ID)!;
    api.items.set(JOB_ID, { ...job, link_expires_at: new Date(NOW.getTime() - 1).toISOString() });
    const response = await api.call(getDownload(token));

    expect(response.statusCode).toBe(410);
    expect(bodyOf(response)).toMatchObject({ error: { code: 'LINK_EXPIRED' } });
    expect(api.s3.commandCalls(HeadObjectCommand)).toHaveLength(0);
  });

  it('answers 410 when the job has no object', async () => {
    const job = api.items.get(JOB_ID)!;
    api.items.set(JOB_ID, { ...job, s3_key: undefined });
    expect((await api.call(getDownload(token))).statusCode).toBe(410);
  });

  it('answers 410 when the lifecycle rule already removed the object', async () => {
    api.s3
      .on(HeadObjectCommand)
      .rejects(new NotFound({ message: 'Not Found', $metadata: { httpStatusCode: 404 } }));
    expect((await api.call(getDownload(token))).statusCode).toBe(410);
  });

  it('answers 500, not a redirect, when S3 fails', async () => {
    api.s3.on(HeadObjectCommand).rejects(new Error('SlowDown'));
    const response = await api.call(getDownload(token));
    expect(response.statusCode).toBe(500);
    expect(bodyOf(response)).toMatchObject({ error: { code: 'INTERNAL' } });
  });
});

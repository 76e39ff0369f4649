import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { issueDownloadToken } from '../../../functions/shared/download-token.js';
import type { JobItem } from '../../../functions/shared/tables/jobs.js';
import { formatSize } from '../../../functions/api/web/download-page.js';
import { apiEvent, bodyOf, createApi, NOW } from './api-fixture.js';

const JOB_ID = '3f2b8c1e-7a4d-4c2b-9e1f-0a1b2c3d4e5f';
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

function deliveredJob(hash: string, overrides: Partial<JobItem> = {}): JobItem {
  return {
    job_id: JOB_ID,
    status: 'DELIVERED',
    source_url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    email: 'jane@example.com',
    format: 'm4a',
    created_at: '2030-05-01T11:00:00.000Z',
    updated_at: '2030-05-01T11:02:00.000Z',
    expires_at: 1_900_000_000,
    video_id: 'dQw4w9WgXcQ',
    video: {
      id: 'dQw4w9WgXcQ',
      title: '<script>alert("x")</script> & "Live"',
      author: "O'Brien <Band>",
      durationSeconds: 213,
    },
    link_hash: hash,
    link_expires_at: new Date(NOW.getTime() + 3_600_000).toISOString(),
    s3_key: 'audio/dQw4w9WgXcQ/m4a.m4a',
    ...overrides,
  };
}

function open(token: string, accept?: string, query?: Record<string, string>) {
  return {
    ...apiEvent({ method: 'GET', path: `/download/${token}`, headers: accept ? { accept } : {} }),
    ...(query ? { queryStringParameters: query } : {}),
  };
}

describe('GET /download/{token} opened in a browser', () => {
  let api: ReturnType<typeof createApi>;
  let token: string;
  beforeEach(() => {
    api = createApi();
    const issued = issueDownloadToken(JOB_ID);
    token = issued.token;
    api.items.set(JOB_ID, deliveredJob(issued.hash));
    api.s3.on(HeadObjectCommand).resolves({ ContentLength: 3_456_789 });
  });
  afterEach(() => api.restore());

  it('shows the title, author, format and size with a download button, every string escaped', async () => {
    const response = await api.call(open(token, BROWSER_ACCEPT));

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toContain(
      '<dd>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;Live&quot;</dd>',
    );
    expect(response.body).toContain('<dd>O&#39;Brien &lt;Band&gt;</dd>');
    expect(response.body).toContain('<dd>M4A</dd>');
    expect(response.body).toContain('<dd>3.5 MB</dd>');
    expect(response.body).toMatch(
      /<a class="button" id="download" href="\?download=1" download>Download M4A<\/a>/,
    );
    expect(response.body).not.toContain('<script');
  });

  it('shows the mp3 quality and the part a trimmed job kept, as the form takes them', async () => {
    const issued = issueDownloadToken(JOB_ID);
    const options = { quality: 'V0' as const, startSeconds: 90, endSeconds: 3723.5, coverArt: true };
    api.items.set(JOB_ID, deliveredJob(issued.hash, { format: 'mp3', options }));
    const trimmed = (await api.call(open(issued.token, BROWSER_ACCEPT))).body;
    expect(trimmed).toContain('<dt>Quality</dt><dd>V0 (variable bitrate)</dd>');
    expect(trimmed).toContain('<dt>Part</dt><dd>1:30 to 1:02:03.5</dd>');

    const fromOnly = issueDownloadToken(JOB_ID);
    api.items.set(
      JOB_ID,
      deliveredJob(fromOnly.hash, { format: 'mp3', options: { startSeconds: 5, coverArt: true } }),
    );
    const rest = (await api.call(open(fromOnly.token, BROWSER_ACCEPT))).body;
    expect(rest).toContain('<dt>Quality</dt><dd>192 kbit/s</dd>');
    expect(rest).toContain('<dt>Part</dt><dd>0:05 to the end</dd>');
  });

  it('shows no Part for the whole video, and no Quality but for mp3', async () => {
    const { body } = await api.call(open(token, BROWSER_ACCEPT));
    expect(body).not.toContain('<dt>Part</dt>');
    expect(body).not.toContain('<dt>Quality</dt>');
  });

  it('never puts the token, a presigned URL or the email in the page', async () => {
    const { body } = await api.call(open(token, BROWSER_ACCEPT));

    expect(body).not.toContain(token.split('.')[1]);
    expect(body).not.toContain('X-Amz-');
    expect(body).not.toContain('jane@example.com');
  });

  it('allows nothing but its style sheet', async () => {
    const response = await api.call(open(token, BROWSER_ACCEPT));
    expect(response.headers['content-security-policy']).toBe(
      "default-src 'none'; style-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
  });

  it.each([
    ['its own button (?download=1)', BROWSER_ACCEPT, { download: '1' }],
    ['curl (*/*)', '*/*', undefined],
    ['a client that sends no Accept', undefined, undefined],
    ['a JSON client', 'application/json', undefined],
  ])('keeps the 302 for %s', async (_client, accept, query) => {
    const response = await api.call(open(token, accept, query));
    expect(response.statusCode).toBe(302);
    expect(new URL(response.headers.location!).pathname).toBe('/audio/dQw4w9WgXcQ/m4a.m4a');
  });

  it('explains an expired link in a page with the 410 status', async () => {
    api.items.set(JOB_ID, {
      ...api.items.get(JOB_ID)!,
      link_expires_at: new Date(NOW.getTime() - 1).toISOString(),
    });
    const response = await api.call(open(token, BROWSER_ACCEPT));

    expect(response.statusCode).toBe(410);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('<h1>This link has expired</h1>');
    expect(response.body).toContain('request the audio again');
  });

  it('answers an unknown link with a 404 page, and a JSON client with the JSON error', async () => {
    const wrong = `${JOB_ID}.${'A'.repeat(43)}`;
    const page = await api.call(open(wrong, BROWSER_ACCEPT));
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('<h1>This link does not work</h1>');

    const data = await api.call(open(wrong, 'application/json'));
    expect(bodyOf(data)).toEqual({ error: { code: 'NOT_FOUND', message: 'No such download link' } });
  });
});

describe('formatSize', () => {
  it.each([
    [999, '999 bytes'],
    [1_000, '1.0 kB'],
    [850_000, '850 kB'],
    [3_456_789, '3.5 MB'],
    [1_200_000_000, '1.2 GB'],
  ])('shows %i bytes as %s', (bytes, text) => expect(formatSize(bytes)).toBe(text));
});

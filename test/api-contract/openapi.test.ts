import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../functions/api/openapi/schemas.js';
import { API_ROUTE_KEYS } from '../../functions/api/route-keys.js';
import type { ApiResponse } from '../../functions/api/responses.js';
import { issueDownloadToken } from '../../functions/shared/download-token.js';
import type { JobItem } from '../../functions/shared/tables/jobs.js';
import { apiEvent, createApi, NOW, postJob } from '../unit/api/api-fixture.js';
import { optionCases } from './option-cases.js';
import { checkResponse, documentedOperations } from './openapi-validator.js';

const JOB_ID = '3f2b8c1e-7a4d-4c2b-9e1f-0a1b2c3d4e5f';
const REQUEST = { url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', email: 'jane@example.com' };
const BROWSER = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
const issued = issueDownloadToken(JOB_ID);
const WRONG_TOKEN = `${JOB_ID}.${'A'.repeat(43)}`;

function job(overrides: Partial<JobItem> = {}): JobItem {
  return {
    job_id: JOB_ID,
    status: 'EXTRACTING',
    source_url: REQUEST.url,
    email: REQUEST.email,
    format: 'mp3',
    created_at: '2030-05-01T11:00:00.000Z',
    updated_at: '2030-05-01T11:02:00.000Z',
    expires_at: 1_900_000_000,
    video_id: 'dQw4w9WgXcQ',
    video: {
      id: 'dQw4w9WgXcQ',
      title: 'Tone',
      author: 'Tester',
      durationSeconds: 213,
      thumbnailUrl: 'https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg',
    },
    progress: 0.5,
    link_hash: issued.hash,
    link_expires_at: new Date(NOW.getTime() + 3_600_000).toISOString(),
    s3_key: 'audio/dQw4w9WgXcQ/mp3.mp3',
    ...overrides,
  };
}

type Api = ReturnType<typeof createApi>;
interface Case {
  name: string;
  method: string;
  path: string;
  status: number;
  code?: string;
  field?: string;
  call: (api: Api) => Promise<ApiResponse>;
}

const get =
  (path: string, headers: Record<string, string> = {}) =>
  (api: Api) =>
    api.call(apiEvent({ method: 'GET', path, headers }));
const post =
  (body: unknown, headers: Record<string, string> = {}) =>
  (api: Api) =>
    api.call(postJob(body, headers));
const expired = (api: Api, headers: Record<string, string>) => {
  api.items.set(
    JOB_ID,
    job({ status: 'DELIVERED', link_expires_at: new Date(NOW.getTime() - 1).toISOString() }),
  );
  return api.call(apiEvent({ method: 'GET', path: `/download/${issued.token}`, headers }));
};

const CASES: Case[] = [
  { name: 'a new job', method: 'POST', path: '/jobs', status: 202, call: post(REQUEST) },
  {
    name: 'a job with format',
    method: 'POST',
    path: '/jobs',
    status: 202,
    call: post({ ...REQUEST, format: 'opus' }),
  },
  { name: 'not JSON', method: 'POST', path: '/jobs', status: 400, code: 'INVALID_JSON', call: post('{') },
  { name: 'an array', method: 'POST', path: '/jobs', status: 400, code: 'INVALID_BODY', call: post([]) },
  {
    name: 'a huge body',
    method: 'POST',
    path: '/jobs',
    status: 400,
    code: 'BODY_TOO_LARGE',
    call: post({ ...REQUEST, url: 'x'.repeat(20_000) }),
  },
  {
    name: 'no email',
    method: 'POST',
    path: '/jobs',
    status: 400,
    code: 'MISSING_FIELD',
    call: post({ url: REQUEST.url }),
  },
  {
    name: 'an extra field',
    method: 'POST',
    path: '/jobs',
    status: 400,
    code: 'UNKNOWN_FIELD',
    call: post({ ...REQUEST, emial: 'x' }),
  },
  {
    name: 'a number url',
    method: 'POST',
    path: '/jobs',
    status: 400,
    code: 'INVALID_FIELD',
    call: post({ ...REQUEST, url: 5 }),
  },
  {
    name: 'an ftp url',
    method: 'POST',
    path: '/jobs',
    status: 400,
    code: 'UNSUPPORTED_SOURCE',
    call: post({ ...REQUEST, url: 'ftp://example.com/a.mp3' }),
  },
  {
    name: 'a bad email',
    method: 'POST',
    path: '/jobs',
    status: 400,
    code: 'INVALID_EMAIL',
    call: post({ ...REQUEST, email: 'jane' }),
  },
  {
    name: 'a bad format',
    method: 'POST',
    path: '/jobs',
    status: 400,
    code: 'INVALID_FORMAT',
    call: post({ ...REQUEST, format: 'wav' }),
  },
  {
    name: 'a bad Idempotency-Key',
    method: 'POST',
    path: '/jobs',
    status: 400,
    code: 'INVALID_HEADER',
    call: post(REQUEST, { 'idempotency-key': 'has space' }),
  },
  {
    name: 'a reused Idempotency-Key',
    method: 'POST',
    path: '/jobs',
    status: 409,
    code: 'IDEMPOTENCY_KEY_REUSED',
    call: async (api) => {
      await api.call(postJob(REQUEST, { 'idempotency-key': 'key-1' }));
      return api.call(postJob({ ...REQUEST, format: 'm4a' }, { 'idempotency-key': 'key-1' }));
    },
  },
  {
    name: 'a suppressed recipient',
    method: 'POST',
    path: '/jobs',
    status: 400,
    code: 'RECIPIENT_SUPPRESSED',
    call: async (api) => {
      await api.call(
        apiEvent({
          method: 'POST',
          path: `/unsubscribe/${await api.suppressionTable.issueToken(REQUEST.email, NOW)}`,
        }),
      );
      return api.call(postJob(REQUEST));
    },
  },
  {
    name: 'one job too many for the recipient this hour',
    method: 'POST',
    path: '/jobs',
    status: 429,
    code: 'RATE_LIMITED',
    call: async (api) => {
      for (let n = 0; n < 10; n++)
        await api.call(postJob({ ...REQUEST, url: `https://youtu.be/${String(n).padStart(11, 'x')}` }));
      return api.call(postJob(REQUEST));
    },
  },
  {
    name: 'a one-click unsubscribe',
    method: 'POST',
    path: '/unsubscribe/{token}',
    status: 200,
    call: async (api) =>
      api.call(
        apiEvent({
          method: 'POST',
          path: `/unsubscribe/${await api.suppressionTable.issueToken(REQUEST.email, NOW)}`,
          body: 'List-Unsubscribe=One-Click',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        }),
      ),
  },
  {
    name: 'an unknown unsubscribe token',
    method: 'POST',
    path: '/unsubscribe/{token}',
    status: 404,
    code: 'NOT_FOUND',
    call: (api) => api.call(apiEvent({ method: 'POST', path: `/unsubscribe/${'A'.repeat(43)}` })),
  },
  {
    name: 'the suppression table failing',
    method: 'POST',
    path: '/unsubscribe/{token}',
    status: 500,
    code: 'INTERNAL',
    call: (api) => {
      api.ddb
        .on(GetCommand)
        .rejects(
          new DynamoDBServiceException({ name: 'InternalServerError', $fault: 'server', $metadata: {} }),
        );
      return api.call(apiEvent({ method: 'POST', path: `/unsubscribe/${'A'.repeat(43)}` }));
    },
  },
  {
    name: 'a text/plain body',
    method: 'POST',
    path: '/jobs',
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    call: post(REQUEST, { 'content-type': 'text/plain' }),
  },
  {
    name: 'the queue failing',
    method: 'POST',
    path: '/jobs',
    status: 500,
    code: 'INTERNAL',
    call: (api) => {
      api.sqs.on(SendMessageCommand).rejects(new Error('ServiceUnavailable'));
      return api.call(postJob(REQUEST));
    },
  },
  {
    name: 'GET on /jobs',
    method: 'GET',
    path: '/jobs',
    status: 405,
    code: 'METHOD_NOT_ALLOWED',
    call: get('/jobs'),
  },
  {
    name: 'a job extracting',
    method: 'GET',
    path: `/jobs/${JOB_ID}`,
    status: 200,
    call: (api) => {
      api.items.set(JOB_ID, job());
      return get(`/jobs/${JOB_ID}`)(api);
    },
  },
  {
    name: 'a rejected job',
    method: 'GET',
    path: `/jobs/${JOB_ID}`,
    status: 200,
    call: (api) => {
      api.items.set(
        JOB_ID,
        job({ status: 'REJECTED', reason: 'The video is 31 minutes long', progress: undefined }),
      );
      return get(`/jobs/${JOB_ID}`)(api);
    },
  },
  {
    name: 'an unknown job',
    method: 'GET',
    path: `/jobs/${JOB_ID}`,
    status: 404,
    code: 'NOT_FOUND',
    call: get(`/jobs/${JOB_ID}`),
  },
  {
    name: 'the jobs table failing',
    method: 'GET',
    path: `/jobs/${JOB_ID}`,
    status: 500,
    code: 'INTERNAL',
    call: (api) => {
      api.ddb
        .on(GetCommand)
        .rejects(
          new DynamoDBServiceException({ name: 'InternalServerError', $fault: 'server', $metadata: {} }),
        );
      return get(`/jobs/${JOB_ID}`)(api);
    },
  },
  {
    name: 'DELETE on a job',
    method: 'DELETE',
    path: `/jobs/${JOB_ID}`,
    status: 405,
    code: 'METHOD_NOT_ALLOWED',
    call: (api) => api.call(apiEvent({ method: 'DELETE', path: `/jobs/${JOB_ID}` })),
  },
  {
    name: 'a link followed by a program',
    method: 'GET',
    path: `/download/${issued.token}`,
    status: 302,
    call: (api) => {
      api.items.set(JOB_ID, job({ status: 'DELIVERED' }));
      return get(`/download/${issued.token}`)(api);
    },
  },
  {
    name: 'a link opened in a browser',
    method: 'GET',
    path: `/download/${issued.token}`,
    status: 200,
    call: (api) => {
      api.items.set(JOB_ID, job({ status: 'DELIVERED' }));
      return get(`/download/${issued.token}`, BROWSER)(api);
    },
  },
  {
    name: 'a wrong link',
    method: 'GET',
    path: `/download/${WRONG_TOKEN}`,
    status: 404,
    code: 'NOT_FOUND',
    call: get(`/download/${WRONG_TOKEN}`),
  },
  {
    name: 'a wrong link in a browser',
    method: 'GET',
    path: `/download/${WRONG_TOKEN}`,
    status: 404,
    call: get(`/download/${WRONG_TOKEN}`, BROWSER),
  },
  {
    name: 'an expired link',
    method: 'GET',
    path: `/download/${issued.token}`,
    status: 410,
    code: 'LINK_EXPIRED',
    call: (api) => expired(api, {}),
  },
  {
    name: 'an expired link in a browser',
    method: 'GET',
    path: `/download/${issued.token}`,
    status: 410,
    call: (api) => expired(api, BROWSER),
  },
  {
    name: 'S3 failing behind a link',
    method: 'GET',
    path: `/download/${issued.token}`,
    status: 500,
    code: 'INTERNAL',
    call: (api) => {
      api.items.set(JOB_ID, job({ status: 'DELIVERED' }));
      api.s3.rejects(new Error('SlowDown'));
      return get(`/download/${issued.token}`)(api);
    },
  },
  {
    name: 'POST on a link',
    method: 'POST',
    path: `/download/${issued.token}`,
    status: 405,
    code: 'METHOD_NOT_ALLOWED',
    call: (api) => api.call(apiEvent({ method: 'POST', path: `/download/${issued.token}` })),
  },
  { name: 'the page', method: 'GET', path: '/', status: 200, call: get('/', BROWSER) },
  {
    name: 'POST on the page',
    method: 'POST',
    path: '/',
    status: 405,
    code: 'METHOD_NOT_ALLOWED',
    call: (api) => api.call(apiEvent({ method: 'POST', path: '/' })),
  },
  { name: 'the script', method: 'GET', path: '/app.js', status: 200, call: get('/app.js') },
  {
    name: 'PUT on the script',
    method: 'PUT',
    path: '/app.js',
    status: 405,
    code: 'METHOD_NOT_ALLOWED',
    call: (api) => api.call(apiEvent({ method: 'PUT', path: '/app.js' })),
  },
  {
    name: 'the options module',
    method: 'GET',
    path: '/options.js',
    status: 200,
    call: get('/options.js'),
  },
  { name: 'the style sheet', method: 'GET', path: '/app.css', status: 200, call: get('/app.css') },
  {
    name: 'POST on the style sheet',
    method: 'POST',
    path: '/app.css',
    status: 405,
    code: 'METHOD_NOT_ALLOWED',
    call: (api) => api.call(apiEvent({ method: 'POST', path: '/app.css' })),
  },
  { name: 'the document', method: 'GET', path: '/openapi.json', status: 200, call: get('/openapi.json') },
  {
    name: 'POST on the document',
    method: 'POST',
    path: '/openapi.json',
    status: 405,
    code: 'METHOD_NOT_ALLOWED',
    call: (api) => api.call(apiEvent({ method: 'POST', path: '/openapi.json' })),
  },
  {
    name: 'an unknown path',
    method: 'GET',
    path: '/admin',
    status: 404,
    code: 'NOT_FOUND',
    call: get('/admin'),
  },
  ...optionCases(REQUEST, JOB_ID, job),
];

describe('the OpenAPI document at GET /openapi.json', () => {
  const exercised = new Set<string>();
  const codes = new Set<string>();

  it.each(CASES)('describes the answer to $name ($method $path → $status)', async (testCase) => {
    const api = createApi();
    try {
      const response = await testCase.call(api);
      expect(response.statusCode).toBe(testCase.status);
      exercised.add(checkResponse(testCase.method, testCase.path, response));
      if (testCase.code) {
        const body = JSON.parse(response.body) as { error: { code: string; field?: string } };
        expect(body.error.code).toBe(testCase.code);
        if (testCase.field) expect(body.error.field).toBe(testCase.field);
        codes.add(body.error.code);
      }
    } finally {
      api.restore();
    }
  });

  describe('covers the whole API', () => {
    let served: { paths: Record<string, Record<string, unknown>> };
    beforeAll(async () => {
      const api = createApi();
      served = JSON.parse(
        (await api.call(apiEvent({ method: 'GET', path: '/openapi.json' }))).body,
      ) as typeof served;
      api.restore();
    });
    afterAll(() => undefined);

    it('is OpenAPI 3.1 and lists every route the API Gateway has', () => {
      expect((served as unknown as { openapi: string }).openapi).toBe('3.1.0');
      const documented = Object.entries(served.paths).flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
      );
      expect(documented.sort()).toEqual([...API_ROUTE_KEYS].sort());
    });

    it('had every documented response checked against a real one', () => {
      expect(documentedOperations().filter((operation) => !exercised.has(operation))).toEqual([]);
    });

    it('had every error code produced by a real request', () => {
      expect(ERROR_CODES.filter((code) => !codes.has(code))).toEqual([]);
    });

    it('lists every error code the api function can answer with', () => {
      const sources = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
          entry.isDirectory()
            ? sources(join(dir, entry.name))
            : entry.name.endsWith('.ts')
              ? [join(dir, entry.name)]
              : [],
        );
      const used = new Set(
        sources('functions/api').flatMap((file) =>
          [...readFileSync(file, 'utf8').matchAll(/ApiError\(\s*\d{3},\s*'([A-Z_]+)'/g)].map(
            (match) => match[1]!,
          ),
        ),
      );
      expect(used.size).toBeGreaterThan(5);
      expect([...used].filter((code) => !(ERROR_CODES as readonly string[]).includes(code))).toEqual([]);
    });
  });
});

describe('the contract check itself', () => {
  const jobBody = {
    jobId: JOB_ID,
    status: 'DELIVERED',
    format: 'mp3',
    options: { coverArt: true },
    createdAt: '2030-05-01T11:00:00.000Z',
    updatedAt: '2030-05-01T11:02:00.000Z',
  };
  const answer = (body: unknown): ApiResponse => ({
    statusCode: 200,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
  });

  it('accepts a job as documented', () => {
    expect(checkResponse('GET', `/jobs/${JOB_ID}`, answer(jobBody))).toBe('GET /jobs/{jobId} 200');
  });

  it.each([
    ['an undocumented field such as the email', { ...jobBody, email: 'jane@example.com' }],
    ['a status outside the list', { ...jobBody, status: 'DONE' }],
    ['progress above 1', { ...jobBody, progress: 1.5 }],
    ['a missing updatedAt', { ...jobBody, updatedAt: undefined }],
  ])('refuses a job body with %s', (_case, body) => {
    expect(() => checkResponse('GET', `/jobs/${JOB_ID}`, answer(body))).toThrow(/body/);
  });

  it('refuses a status the document does not list for the route', () => {
    expect(() => checkResponse('GET', '/', { ...answer({}), statusCode: 418 })).toThrow(/does not describe/);
  });
});
